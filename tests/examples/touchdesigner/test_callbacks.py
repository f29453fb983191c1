"""Runs the TouchDesigner callbacks script, plain and batched, against a running relay.

npm test starts the relay and runs this with CROWDSTICK_HTTP_URL set to it
(tests/examples/touchdesigner.test.ts); the phones here are plain sockets on
/ws, the installation is the real script in a fake WebSocket DAT.
"""

import asyncio
import json
import os
import pathlib
import time
import unittest
import urllib.request

import websockets

from fake_td import FakeTable, load_callbacks
from websocket_dat import WebSocketDAT

SCRIPT = pathlib.Path(__file__).resolve().parents[3] / 'examples' / 'touchdesigner' / 'crowdstick_callbacks.py'
# The script as it is, and with the one line a user edits for a big crowd.
PLAIN = {}
BATCHED = {'BATCH': 30}
HTTP_URL = os.environ.get('CROWDSTICK_HTTP_URL', 'http://127.0.0.1:8080')
WS_URL = 'ws' + HTTP_URL[len('http'):]
HEADER = ['slot', 'active', 'user', 'x', 'y', 'speed', 'angle']
TIMEOUT_S = 5


def relay_counts():
    with urllib.request.urlopen(HTTP_URL + '/healthz', timeout=TIMEOUT_S) as response:
        return json.load(response)


class Phone:
    """A phone as the relay sees it: a socket on /ws sending the contract's messages."""

    def __init__(self, user):
        self.user = user
        self.socket = None

    async def open(self):
        self.socket = await websockets.connect(WS_URL + '/ws')
        await self.join()
        return self

    async def join(self):
        """Says connect, and waits for the slot the relay tells the phone at once."""
        await self.send(type='connect')
        told = await self.next_event()
        assert told['event'] == 'slot', told
        self.slot = told['data']
        return self.slot

    async def send(self, **message):
        await self.socket.send(json.dumps({**message, 'sliderId': self.user}))

    async def move(self, x, y, speed, angle):
        await self.send(type='update', x=x, y=y, speed=speed, angle=angle)

    async def slide(self, name, value):
        await self.send(type='slider', name=name, value=value)

    async def press(self, name, pressed=True):
        await self.send(type='button', name=name, pressed=pressed)

    async def next_event(self):
        return json.loads(await asyncio.wait_for(self.socket.recv(), TIMEOUT_S))

    async def close(self):
        await self.socket.close()


async def no_phones_left(test):
    """Every test starts from an empty relay: the replay holds only its own phones, from slot 1."""
    deadline = time.monotonic() + TIMEOUT_S
    while relay_counts()['controllers'] != 0:
        if time.monotonic() > deadline:
            test.fail('phones of an earlier test are still connected')
        await asyncio.sleep(0.02)


def player(slot, user, x=0, y=0, speed=0, angle=0, sliders=()):
    """The row of a present player, as the table's strings."""
    return [str(v) for v in (slot, 1, user, x, y, speed, angle, *sliders)]


def empty(slot, sliders=0):
    """The row of a slot nobody holds: active and every value 0."""
    return [str(slot)] + ['0'] * (len(HEADER) - 1 + sliders)


class CallbacksScenarios:
    """The same scenarios for both ways of the script; each subclass names its settings."""

    SETTINGS = None

    async def asyncSetUp(self):
        await no_phones_left(self)
        self.table = FakeTable([['stale', 'row']])
        self.callbacks = load_callbacks(SCRIPT, {'users': self.table}, self.SETTINGS)
        self.phones = []
        self.dat = None

    async def asyncTearDown(self):
        for phone in self.phones:
            await phone.close()
        if self.dat is not None:
            await self.dat.close()

    async def phone(self, user):
        phone = await Phone(user).open()
        self.phones.append(phone)
        return phone

    async def connect_installation(self):
        self.dat = WebSocketDAT(WS_URL + '/', self.callbacks)
        await self.dat.open()

    async def table_becomes(self, *rows):
        expected = [list(row) for row in rows]
        deadline = time.monotonic() + TIMEOUT_S
        while self.table.snapshot() != expected:
            self.dat.check()
            if time.monotonic() > deadline:
                self.assertEqual(self.table.snapshot(), expected)
            await asyncio.sleep(0.02)

    async def test_keeps_one_row_per_slot_with_the_stick_and_one_column_per_slider(self):
        await self.connect_installation()
        a = await self.phone(1001)
        b = await self.phone(1002)
        self.assertEqual((a.slot, b.slot), (1, 2))
        await a.move(0.5, 0.5, 71, 45)
        await b.slide('gain', 0.25)
        await b.slide('zoom', 1)
        await self.table_becomes(
            HEADER + ['gain', 'zoom'],
            player(1, 1001, 0.5, 0.5, 71, 45, sliders=(0, 0)),
            player(2, 1002, sliders=(0.25, 1)),
        )

    async def test_gives_each_button_a_column_that_reads_1_while_held(self):
        await self.connect_installation()
        a = await self.phone(1001)
        b = await self.phone(1002)
        await a.press('fire')
        await b.slide('fire', 0.5)
        await self.table_becomes(
            HEADER + ['button_fire', 'fire'],
            player(1, 1001, sliders=(1, 0)),
            player(2, 1002, sliders=(0, 0.5)),
        )
        await a.press('fire', False)
        await b.press('jump')
        await self.table_becomes(
            HEADER + ['button_fire', 'fire', 'button_jump'],
            player(1, 1001, sliders=(0, 0, 0)),
            player(2, 1002, sliders=(0, 0.5, 1)),
        )

    async def test_updates_rows_in_place_as_the_phones_move(self):
        await self.connect_installation()
        a = await self.phone(1001)
        b = await self.phone(1002)
        await self.table_becomes(HEADER, player(1, 1001), player(2, 1002))
        for step in range(1, 21):
            await a.move(step / 20, 0, step * 5, 0)
            await b.move(0, -step / 20, step * 5, 270)
        await a.move(0, 0, 0, 0)
        await self.table_becomes(HEADER, player(1, 1001), player(2, 1002, 0, -1, 100, 270))

    async def test_keeps_an_idle_players_row_at_active_0_and_gives_it_back_on_their_return(self):
        await self.connect_installation()
        a = await self.phone(1001)
        await self.phone(1002)
        await a.move(1, 0, 100, 0)
        await self.table_becomes(HEADER, player(1, 1001, 1, 0, 100, 0), player(2, 1002))
        await a.send(type='delete')
        await self.table_becomes(HEADER, empty(1), player(2, 1002))
        # Their slot was still free, so they are player 1 again.
        self.assertEqual(await a.join(), 1)
        await a.move(0, 1, 100, 90)
        await self.table_becomes(HEADER, player(1, 1001, 0, 1, 100, 90), player(2, 1002))

    async def test_keeps_every_other_row_in_place_when_a_middle_player_leaves(self):
        await self.connect_installation()
        a = await self.phone(1001)
        b = await self.phone(1002)
        c = await self.phone(1003)
        await a.move(-1, 0, 100, 180)
        await b.slide('gain', 0.5)
        await c.move(0, 1, 100, 90)
        await self.table_becomes(
            HEADER + ['gain'],
            player(1, 1001, -1, 0, 100, 180, sliders=(0,)),
            player(2, 1002, sliders=(0.5,)),
            player(3, 1003, 0, 1, 100, 90, sliders=(0,)),
        )
        # The tab closes: the relay says delete for it.
        await b.close()
        self.phones.remove(b)
        await self.table_becomes(
            HEADER + ['gain'],
            player(1, 1001, -1, 0, 100, 180, sliders=(0,)),
            empty(2, sliders=1),
            player(3, 1003, 0, 1, 100, 90, sliders=(0,)),
        )
        # A newcomer takes the smallest free slot, starting from rest.
        d = await self.phone(1004)
        self.assertEqual(d.slot, 2)
        await self.table_becomes(
            HEADER + ['gain'],
            player(1, 1001, -1, 0, 100, 180, sliders=(0,)),
            player(2, 1004, sliders=(0,)),
            player(3, 1003, 0, 1, 100, 90, sliders=(0,)),
        )

    async def test_resets_the_table_on_reconnect_and_rebuilds_it_from_the_roster_replay(self):
        a = await self.phone(1001)
        b = await self.phone(1002)
        c = await self.phone(1003)
        await a.move(-0.5, 0, 50, 180)
        await b.slide('gain', 0.1)
        # The first connect clears the stale row the table started with.
        await self.connect_installation()
        await self.table_becomes(
            HEADER + ['gain'],
            player(1, 1001, -0.5, 0, 50, 180, sliders=(0,)),
            player(2, 1002, sliders=(0.1,)),
            player(3, 1003, sliders=(0,)),
        )
        await self.dat.close()
        # While the installation is away: one moves, one leaves, one slides.
        await a.move(0, -1, 100, 270)
        await b.send(type='delete')
        await c.slide('zoom', 0.7)
        await asyncio.sleep(0.1)
        await self.connect_installation()
        # Slot 2 is free now, and its row is there only to keep slot 3 in row 3.
        await self.table_becomes(
            HEADER + ['zoom'],
            player(1, 1001, 0, -1, 100, 270, sliders=(0,)),
            empty(2, sliders=1),
            player(3, 1003, sliders=(0.7,)),
        )

    async def test_sends_to_one_player_by_slot_and_to_all(self):
        await self.connect_installation()
        a = await self.phone(1001)
        b = await self.phone(1002)
        await self.table_becomes(HEADER, player(1, 1001), player(2, 1002))
        self.callbacks['sendToPhone'](self.dat, 2, 'color', '#ff3366')
        self.callbacks['sendToPhone'](self.dat, 'all', 'text', 'Round two')
        self.assertEqual(await b.next_event(), {'event': 'color', 'data': '#ff3366'})
        self.assertEqual(await b.next_event(), {'event': 'text', 'data': 'Round two'})
        self.assertEqual(await a.next_event(), {'event': 'text', 'data': 'Round two'})

    async def test_ignores_messages_without_a_good_slot(self):
        await self.connect_installation()
        await self.phone(1001)
        await self.table_becomes(HEADER, player(1, 1001))
        for junk in [
            'not json',
            '[1, 2]',
            '{"type": "connect", "sliderId": 5}',
            '{"type": "connect", "sliderId": 5, "slot": 0}',
            '{"type": "connect", "sliderId": 5, "slot": "2"}',
            '{"type": "connect", "sliderId": 5, "slot": true}',
            '{"type": "delete", "sliderId": 1001, "slot": 7}',
            '{"type": "hello", "sliderId": 1001, "slot": 1}',
        ]:
            self.callbacks['onReceiveText'](self.dat, 0, junk)
        self.assertEqual(self.table.snapshot(), [HEADER, player(1, 1001)])


class PlainCallbacksTest(CallbacksScenarios, unittest.IsolatedAsyncioTestCase):
    SETTINGS = PLAIN

    async def test_gets_every_message_and_never_a_frame(self):
        await self.connect_installation()
        a = await self.phone(1001)
        for step in range(1, 6):
            await a.move(step / 10, 0, step * 10, 0)
        await self.table_becomes(HEADER, player(1, 1001, 0.5, 0, 50, 0))
        kinds = [json.loads(text)['type'] for text in self.dat.received]
        self.assertEqual(kinds, ['connect'] + ['update'] * 5)


class BatchedCallbacksTest(CallbacksScenarios, unittest.IsolatedAsyncioTestCase):
    SETTINGS = BATCHED

    async def test_subscribes_first_and_gets_frames_instead_of_every_update(self):
        await self.connect_installation()
        a = await self.phone(1001)
        for step in range(1, 41):
            await a.move(step / 40, 0, round(step * 2.5), 0)
        await self.table_becomes(HEADER, player(1, 1001, 1, 0, 100, 0))
        messages = [json.loads(text) for text in self.dat.received]
        self.assertNotIn('update', [m['type'] for m in messages])
        # Empty frames tick on while nobody moves; the ones with users carry the moves.
        telling = [m for m in messages if m['type'] != 'frame' or m['users']]
        self.assertEqual(telling[0]['type'], 'connect')
        moving = [m for m in telling if m['type'] == 'frame']
        self.assertTrue(moving)
        self.assertLess(len(moving), 40)


class BothWaysTest(unittest.IsolatedAsyncioTestCase):
    """The script plain and batched, side by side on one relay, keeps the same table."""

    async def asyncSetUp(self):
        await no_phones_left(self)
        self.phones = []
        self.installations = []
        for settings in [PLAIN, BATCHED]:
            table = FakeTable()
            dat = WebSocketDAT(WS_URL + '/', load_callbacks(SCRIPT, {'users': table}, settings))
            await dat.open()
            self.installations.append((table, dat))

    async def asyncTearDown(self):
        for phone in self.phones:
            await phone.close()
        for _, dat in self.installations:
            await dat.close()

    async def both_become(self, *rows):
        expected = [list(row) for row in rows]
        deadline = time.monotonic() + TIMEOUT_S
        while any(table.snapshot() != expected for table, _ in self.installations):
            for _, dat in self.installations:
                dat.check()
            if time.monotonic() > deadline:
                for table, _ in self.installations:
                    self.assertEqual(table.snapshot(), expected)
            await asyncio.sleep(0.02)

    async def phone(self, user):
        phone = await Phone(user).open()
        self.phones.append(phone)
        return phone

    async def test_through_joins_moves_slides_and_a_middle_player_leaving(self):
        a = await self.phone(2001)
        b = await self.phone(2002)
        c = await self.phone(2003)
        for step in range(1, 31):
            await a.move(step / 30, 0, round(step * 100 / 30), 0)
            await b.slide('gain', step / 30)
            await c.move(0, -step / 30, round(step * 100 / 30), 270)
        await self.both_become(
            HEADER + ['gain'],
            player(1, 2001, 1, 0, 100, 0, sliders=(0,)),
            player(2, 2002, sliders=(1,)),
            player(3, 2003, 0, -1, 100, 270, sliders=(0,)),
        )
        await b.close()
        self.phones.remove(b)
        await c.move(0, 0, 0, 0)
        await self.both_become(
            HEADER + ['gain'],
            player(1, 2001, 1, 0, 100, 0, sliders=(0,)),
            empty(2, sliders=1),
            player(3, 2003, sliders=(0,)),
        )


if __name__ == '__main__':
    unittest.main()
