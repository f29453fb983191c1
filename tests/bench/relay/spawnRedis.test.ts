import { describe, expect, it } from 'vitest';
import { publishCalls } from '../../../bench/relay/spawnRedis';

describe("the bench's redis-server", () => {
  it('reads how many PUBLISHes Redis ran from its INFO commandstats', () => {
    const info = [
      '# Commandstats',
      'cmdstat_ping:calls=4,usec=3,usec_per_call=0.75,rejected_calls=0,failed_calls=0',
      'cmdstat_publish:calls=41234,usec=60000,usec_per_call=1.46,rejected_calls=0,failed_calls=0',
      'cmdstat_subscribe:calls=2,usec=9,usec_per_call=4.50,rejected_calls=0,failed_calls=0',
    ].join('\r\n');
    expect(publishCalls(info)).toBe(41234);
  });

  it('counts none before the first PUBLISH', () => {
    expect(publishCalls('# Commandstats\r\ncmdstat_ping:calls=1,usec=1')).toBe(0);
  });
});
