#!/usr/bin/env python3
"""The smallest Crowdstick installation in Python: prints what every phone
does and tints each newcomer's joystick. Needs websockets (Debian: apt install
python3-websockets; elsewhere: pip install websockets).

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
                user = m.get('sliderId')
                if m['type'] == 'connect':
                    colour = COLOURS[user % len(COLOURS)]
                    await socket.send(json.dumps(
                        {'type': 'send', 'to': user, 'event': 'color', 'data': colour}))
                    print(f'{user} joined, tinted {colour}', flush=True)
                elif m['type'] == 'update':
                    print(f"{user} stick x={m['x']} y={m['y']} speed={m['speed']} "
                          f"angle={m['angle']}", flush=True)
                elif m['type'] == 'slider':
                    print(f"{user} slider {m['name']}={m['value']}", flush=True)
                elif m['type'] == 'delete':
                    print(f'{user} left', flush=True)
        except websockets.ConnectionClosed:
            continue

asyncio.run(main())
