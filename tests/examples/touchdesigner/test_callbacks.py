"""Runs the TouchDesigner callbacks scripts against a running relay.

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

EXAMPLES = pathlib.Path(__file__).resolve().parents[3] / 'examples' / 'touchdesigner'
HTTP_URL = os.environ.get('CROWDSTICK_HTTP_URL', 'http://127.0.0.1:8080')
WS_URL = 'ws' + HTTP_URL[len('http'):]
HEADER = ['user', 'x', 'y', 'speed', 'angle']
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
        await self.send(type='connect')
        return self

    async def send(self, **message):
        await self.socket.send(json.dumps({**message, 'sliderId': self.user}))

    async def move(self, x, y, speed, angle):
        await self.send(type='update', x=x, y=y, speed=speed, angle=angle)

    async def slide(self, name, value):
        await self.send(type='slider', name=name, value=value)

    async def next_event(self):
        return json.loads(await asyncio.wait_for(self.socket.recv(), TIMEOUT_S))

    async def close(self):
        await self.socket.close()


class CallbacksScenarios:
    """The same scenarios for both scripts; each subclass names its script."""

    SCRIPT = None

    async def asyncSetUp(self):
        # Every test starts from an empty relay, so the replay holds only its own phones.
        deadline = time.monotonic() + TIMEOUT_S
        while relay_counts()['controllers'] != 0:
            if time.monotonic() > deadline:
                self.fail('phones of an earlier test are still connected')
            await asyncio.sleep(0.02)
        self.table = FakeTable([['stale', 'row']])
        self.callbacks = load_callbacks(EXAMPLES / self.SCRIPT, {'users': self.table})
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

    async def test_keeps_one_row_per_live_user_with_their_stick_and_one_column_per_slider(self):
        await self.connect_installation()
        a = await self.phone(1001)
        b = await self.phone(1002)
        await a.move(0.5, 0.5, 71, 45)
        await b.slide('gain', 0.25)
        await b.slide('zoom', 1)
        await self.table_becomes(
            HEADER + ['gain', 'zoom'],
            ['1001', '0.5', '0.5', '71', '45', '0', '0'],
            ['1002', '0', '0', '0', '0', '0.25', '1'],
        )

    async def test_updates_rows_in_place_as_the_phones_move(self):
        await self.connect_installation()
        a = await self.phone(1001)
        b = await self.phone(1002)
        await self.table_becomes(HEADER, ['1001', '0', '0', '0', '0'], ['1002', '0', '0', '0', '0'])
        for step in range(1, 21):
            await a.move(step / 20, 0, step * 5, 0)
            await b.move(0, -step / 20, step * 5, 270)
        await a.move(0, 0, 0, 0)
        await self.table_becomes(
            HEADER,
            ['1001', '0', '0', '0', '0'],
            ['1002', '0', '-1', '100', '270'],
        )

    async def test_removes_the_row_of_a_phone_that_went_idle_and_adds_it_back_when_it_returns(self):
        await self.connect_installation()
        a = await self.phone(1001)
        await self.phone(1002)
        await a.move(1, 0, 100, 0)
        await a.send(type='delete')
        await self.table_becomes(HEADER, ['1002', '0', '0', '0', '0'])
        await a.send(type='connect')
        await a.move(0, 1, 100, 90)
        await self.table_becomes(
            HEADER, ['1002', '0', '0', '0', '0'], ['1001', '0', '1', '100', '90']
        )

    async def test_removes_the_row_of_a_phone_whose_tab_closed(self):
        await self.connect_installation()
        a = await self.phone(1001)
        b = await self.phone(1002)
        await b.slide('gain', 0.5)
        await self.table_becomes(
            HEADER + ['gain'], ['1001', '0', '0', '0', '0', '0'], ['1002', '0', '0', '0', '0', '0.5']
        )
        await a.close()
        self.phones.remove(a)
        await self.table_becomes(HEADER + ['gain'], ['1002', '0', '0', '0', '0', '0.5'])

    async def test_clears_the_table_on_reconnect_and_rebuilds_it_from_the_roster_replay(self):
        a = await self.phone(1001)
        b = await self.phone(1002)
        await a.move(-0.5, 0, 50, 180)
        await b.slide('gain', 0.1)
        # The first connect clears the stale row the table started with.
        await self.connect_installation()
        await self.table_becomes(
            HEADER + ['gain'],
            ['1001', '-0.5', '0', '50', '180', '0'],
            ['1002', '0', '0', '0', '0', '0.1'],
        )
        await self.dat.close()
        # While the installation is away: one moves, one leaves, one joins.
        await a.move(0, -1, 100, 270)
        await b.send(type='delete')
        c = await self.phone(1003)
        await c.slide('zoom', 0.7)
        await asyncio.sleep(0.1)
        await self.connect_installation()
        await self.table_becomes(
            HEADER + ['zoom'],
            ['1001', '0', '-1', '100', '270', '0'],
            ['1003', '0', '0', '0', '0', '0.7'],
        )

    async def test_sends_a_colour_and_a_text_back_to_one_phone(self):
        await self.connect_installation()
        a = await self.phone(1001)
        await self.table_becomes(HEADER, ['1001', '0', '0', '0', '0'])
        self.callbacks['sendToPhone'](self.dat, 1001, 'color', '#ff3366')
        self.callbacks['sendToPhone'](self.dat, 'all', 'text', 'Round two')
        self.assertEqual(await a.next_event(), {'event': 'color', 'data': '#ff3366'})
        self.assertEqual(await a.next_event(), {'event': 'text', 'data': 'Round two'})


class PlainCallbacksTest(CallbacksScenarios, unittest.IsolatedAsyncioTestCase):
    SCRIPT = 'crowdstick_callbacks.py'

    async def test_gets_every_message_and_never_a_frame(self):
        await self.connect_installation()
        a = await self.phone(1001)
        for step in range(1, 6):
            await a.move(step / 10, 0, step * 10, 0)
        await self.table_becomes(HEADER, ['1001', '0.5', '0', '50', '0'])
        kinds = [json.loads(text)['type'] for text in self.dat.received]
        self.assertEqual(kinds, ['connect'] + ['update'] * 5)


class BatchedCallbacksTest(CallbacksScenarios, unittest.IsolatedAsyncioTestCase):
    SCRIPT = 'crowdstick_batched_callbacks.py'

    async def test_subscribes_first_and_gets_frames_instead_of_every_update(self):
        await self.connect_installation()
        a = await self.phone(1001)
        for step in range(1, 41):
            await a.move(step / 40, 0, round(step * 2.5), 0)
        await self.table_becomes(HEADER, ['1001', '1', '0', '100', '0'])
        messages = [json.loads(text) for text in self.dat.received]
        self.assertNotIn('update', [m['type'] for m in messages])
        # Empty frames tick on while nobody moves; the ones with users carry the moves.
        telling = [m for m in messages if m['type'] != 'frame' or m['users']]
        self.assertEqual(telling[0]['type'], 'connect')
        moving = [m for m in telling if m['type'] == 'frame']
        self.assertTrue(moving)
        self.assertLess(len(moving), 40)


if __name__ == '__main__':
    unittest.main()
