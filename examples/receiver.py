#!/usr/bin/env python3
"""The smallest Crowdstick installation in Python: prints what each player
does and gives each newcomer's joystick the colour of their player number.
Needs websockets: `python3 -m pip install websockets` (Debian: python3-websockets, /usr/bin/python3).

    python3 examples/receiver.py [ws://localhost:8080/]
"""
import asyncio
import json
import sys

import websockets

URL = sys.argv[1] if len(sys.argv) > 1 else 'ws://localhost:8080/'
COLOURS = ['#ff3366', '#33cc99', '#ffcc00', '#3399ff', '#cc66ff']


async def main():
    async for socket in websockets.connect(URL):  # connects again after a drop
        try:
            async for text in socket:
                m = json.loads(text)
                slot = m.get('slot')  # the player number the phone shows, theirs until they leave
                if m['type'] == 'connect':
                    colour = COLOURS[(slot - 1) % len(COLOURS)]
                    await socket.send(json.dumps(
                        {'type': 'send', 'slot': slot, 'event': 'color', 'data': colour}))
                    print(f"player {slot} (id {m['sliderId']}) joined, tinted {colour}", flush=True)
                elif m['type'] == 'update':
                    print(f"player {slot} stick x={m['x']} y={m['y']} speed={m['speed']} "
                          f"angle={m['angle']}", flush=True)
                elif m['type'] == 'slider':
                    print(f"player {slot} slider {m['name']}={m['value']}", flush=True)
                elif m['type'] == 'delete':
                    print(f'player {slot} left', flush=True)
        except websockets.ConnectionClosed:
            continue

asyncio.run(main())
