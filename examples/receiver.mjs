// The smallest Crowdstick installation in Node: prints what every phone does
// and tints each newcomer's joystick. Needs the ws package (npm install ws).
//
//     node examples/receiver.mjs [ws://localhost:8080/]
import WebSocket from 'ws';

const url = process.argv[2] ?? 'ws://localhost:8080/';
const colours = ['#ff3366', '#33cc99', '#ffcc00', '#3399ff', '#cc66ff'];

function connect() {
  const socket = new WebSocket(url);
  socket.on('message', (text) => {
    const m = JSON.parse(String(text));
    const user = m.sliderId;
    if (m.type === 'connect') {
      const colour = colours[user % colours.length];
      socket.send(JSON.stringify({ type: 'send', to: user, event: 'color', data: colour }));
      console.log(`${user} joined, tinted ${colour}`);
    } else if (m.type === 'update') {
      console.log(`${user} stick x=${m.x} y=${m.y} speed=${m.speed} angle=${m.angle}`);
    } else if (m.type === 'slider') {
      console.log(`${user} slider ${m.name}=${m.value}`);
    } else if (m.type === 'delete') {
      console.log(`${user} left`);
    }
  });
  socket.on('error', (error) => console.error(`receiver: ${error.message}`));
  socket.on('close', () => setTimeout(connect, 1000)); // the relay restarted: try again
}

connect();
