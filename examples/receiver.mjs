// The smallest Crowdstick installation in Node: prints what each player does
// and gives each newcomer's joystick the colour of their player number. Needs
// the ws package (npm install ws).
//
//     node examples/receiver.mjs [ws://localhost:8080/]
import WebSocket from 'ws';

const url = process.argv[2] ?? 'ws://localhost:8080/';
const colours = ['#ff3366', '#33cc99', '#ffcc00', '#3399ff', '#cc66ff'];

function connect() {
  const socket = new WebSocket(url);
  socket.on('message', (text) => {
    const m = JSON.parse(String(text));
    // The slot is the player number the phone shows; it stays theirs until they leave.
    const player = `player ${m.slot}`;
    if (m.type === 'connect') {
      const colour = colours[(m.slot - 1) % colours.length];
      socket.send(JSON.stringify({ type: 'send', slot: m.slot, event: 'color', data: colour }));
      console.log(`${player} (id ${m.sliderId}) joined, tinted ${colour}`);
    } else if (m.type === 'update') {
      console.log(`${player} stick x=${m.x} y=${m.y} speed=${m.speed} angle=${m.angle}`);
    } else if (m.type === 'slider') {
      console.log(`${player} slider ${m.name}=${m.value}`);
    } else if (m.type === 'delete') {
      console.log(`${player} left`);
    }
  });
  socket.on('error', (error) => console.error(`receiver: ${error.message}`));
  socket.on('close', () => setTimeout(connect, 1000)); // the relay restarted: try again
}

connect();
