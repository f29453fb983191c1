import { describe, expect, it } from 'vitest';
import type { OscOptions } from '../../../bench/relay/osc';
import {
  OSC_HEADING,
  oscCountTable,
  oscLossNote,
  oscRelayTable,
  oscSection,
  oscStoppedLine,
  oscWakeNote,
} from '../../../bench/relay/oscSection';
import { comparison, tally } from './oscFixture';

const OPTIONS: OscOptions = {
  phones: 1000,
  hz: 30,
  seconds: 5,
  warmupSeconds: 1,
  repeats: 5,
  log: () => {},
};

describe("the OSC scenario's report", () => {
  it('shows each arm with the figures the sweep shows, the receiver’s cores too', () => {
    const lines = oscRelayTable(comparison()).split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[2]).toBe(
      '| without --osc | 29900 | 0.00 | 0.40 | 2.00 | 5.0 | 15.0 | 0.45 + 0.42 + 0.00 | 150 | 0 | 93 |',
    );
    expect(lines[3]).toContain('| --osc to one loopback receiver |');
    expect(lines[3]).toContain('| 18.0 | 0.54 + 0.42 + 0.20 | 3000 | 7000 |');
    expect(lines[4]).toContain('| --osc to a stopped receiver |');
    expect(lines[4]).toContain('| 16.5 | 0.54 + 0.42 + 0.00 | 3000 | 0 |');
  });

  it('counts what was sent and got, events and refresh apart, and what was lost', () => {
    const lines = oscCountTable(tally()).split('\n');
    expect(lines.slice(2)).toEqual([
      '| sent by the relay | 3031000 | 3006000 | 25000 | 757000 |',
      '| got by the receiver | 3030840 | 3005840 | 25000 | 756960 |',
      '| lost | 160 | 160 | 0 | 40 |',
      '| lost % | 0.01 | 0.01 | 0.00 | 0.01 |',
    ]);
  });

  it('says the loss was all at the receiver’s full buffer when the kernel counted it all there', () => {
    expect(oscLossNote(tally())).toBe(
      "The kernel dropped 40 datagrams at the receiver's socket because its receive buffer " +
        "(208 KiB, the system's default) was full: every datagram lost was lost there, while the " +
        'receiver fell behind, and none on the way. The relay counted no send error for its target.',
    );
  });

  it('says so when nothing was lost, and counts the rest apart when not all was dropped there', () => {
    const whole = tally({
      received: { messages: 3_031_000, datagrams: 757_000, events: 3_006_000, refresh: 25_000 },
      receiverDrops: 0,
    });
    expect(oscLossNote(whole)).toBe(
      'The receiver got every datagram the relay sent. The relay counted no send error for its target.',
    );
    expect(oscLossNote(tally({ receiverDrops: 30, relayErrors: 2, malformed: 1 }))).toBe(
      "The kernel dropped 30 datagrams at the receiver's socket because its receive buffer " +
        "(208 KiB, the system's default) was full; 40 datagrams were lost in all. The relay " +
        'counted 2 send errors for its target; 1 datagram was not OSC.',
    );
  });

  it('tells, in the run’s figures, what each datagram costs the relay on loopback', () => {
    expect(oscWakeNote(comparison())).toBe(
      'With the target the relay packed the events into datagrams of at most 4,096 bytes, as ' +
        'it does for a loopback target (each event still its own bundle), each of which went ' +
        'when full or 2 ms after its first event: 4.0 OSC messages a datagram on average, the ' +
        'refresh included (a full one holds 26 updates of a three-digit slot, 104 messages). ' +
        "On loopback the kernel delivers each one into the receiver's socket, and wakes the receiver if it " +
        "sleeps, within the relay's own send: the relay's CPU pays for both ends. The receiver " +
        'went to sleep 7000 times a second, to be woken by the next datagram, and the kernel ' +
        "preempted the relay's thread 3000 times a second, against 150 without the target; a " +
        'preempted relay holds the messages it has read until it runs again. With the ' +
        "receiver stopped, so that nothing woke for the datagrams, the relay's CPU a message " +
        'was −8 % against the receiver reading (the median of 5 repeats, −9 % to −8 %), and ' +
        "p99 was 2.20 against 2.50 ms: the receiver's wake-ups cost the relay that much.",
    );
  });

  it('says the receiver’s wake-ups did not show when the stopped receiver’s runs fall either side of the reading one’s', () => {
    const mixed = comparison({}, [1.1, 1.2, 1.3], [1.0, 1.25, 1.4]);
    expect(oscWakeNote(mixed)).toMatch(
      /was \+4 % against the receiver reading \(the median of 3 repeats, −9 % to \+8 %\), and p99 was 2\.20 against 2\.50 ms: the receiver's wake-ups did not show beyond the spread of the repeats, so what the target costs the relay here is its own sending, not the receiver's\.$/,
    );
    const twoArms = { ...mixed, rows: mixed.rows.slice(0, 2) };
    expect(oscWakeNote(twoArms)).toMatch(/until it runs again\.$/);
  });

  it('gives the stopped receiver’s figures against the relay without a target, and says what the goals are judged on', () => {
    expect(oscStoppedLine(comparison())).toBe(
      'With the receiver stopped instead (SIGSTOP while the phones play; the relay sends it the ' +
        'same datagrams and the kernel takes each one in, but nothing on this machine is woken ' +
        'for them), a stand-in for a receiver on another machine: relay CPU per message 16.5 ' +
        'against 15.0 µs, 1.10× (the median of 5 pairs, 1.05× to 1.20×), and p99 2.20 ms. The ' +
        'goals above are judged on the receiver that reads, on this machine.',
    );
    const twoArms = { ...comparison(), stoppedCpuRatios: [], stoppedCpuRatio: NaN };
    twoArms.rows = twoArms.rows.slice(0, 2);
    expect(oscStoppedLine(twoArms)).toBe('');
  });

  it('puts method, margins, tables and the machine’s load under its heading', () => {
    const section = oscSection(comparison(), OPTIONS, { before: 1.5, after: 2.25 });
    expect(section.startsWith(`${OSC_HEADING}: 1000 phones at 30 Hz`)).toBe(true);
    expect(section).toContain('- Relay CPU per inbound message at 1000 phones');
    expect(section).toContain('- With the receiver stopped instead');
    expect(section).toContain('| sent by the relay |');
    expect(section).toContain('was 1.50 as the OSC runs began and 2.25 as they ended');
    expect(section).toContain('`BENCH_ONLY=osc npm run bench`');
  });
});
