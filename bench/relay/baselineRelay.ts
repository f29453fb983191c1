/**
 * The relay behaviour of the tutorial Crowdstick grew from (the
 * Socket-Server-Template pattern): every message is broadcast as it came to
 * every other client, phones included. Only for comparison in the benchmark.
 */
import { WebSocket, WebSocketServer } from 'ws';

const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
server.on('connection', (socket) => {
  socket.on('message', (data, isBinary) => {
    for (const client of server.clients) {
      if (client !== socket && client.readyState === WebSocket.OPEN) {
        client.send(data, { binary: isBinary });
      }
    }
  });
});
server.on('listening', () => {
  const address = server.address();
  if (typeof address === 'object' && address) console.log(`listening on port ${address.port}`);
});
process.on('SIGTERM', () => process.exit(0));
