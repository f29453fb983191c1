import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Waits for `pattern` in what `child` prints, and resolves with the match. */
function waitForLine(
  child: ReturnType<typeof spawn>,
  pattern: RegExp,
  timeoutMs: number,
): Promise<RegExpExecArray> {
  let output = '';
  return new Promise((resolveLine, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = pattern.exec(output);
      if (match) {
        clearTimeout(timer);
        resolveLine(match);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('close', (code) =>
      reject(new Error(`exited ${code} before ${pattern}:\n${output}`)),
    );
  });
}

/** The Dockerfile's HEALTHCHECK command, its exec-form words. */
function dockerHealthCheck(): string[] {
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8').replace(/\\\n\s*/g, '');
  const words = /^HEALTHCHECK .*?CMD (\[.*\])$/m.exec(dockerfile)?.[1];
  expect(words, 'a HEALTHCHECK in exec form').toBeDefined();
  return JSON.parse(words!) as string[];
}

describe('the package, as npm pack makes it', () => {
  it('installs into an empty folder and runs `npx crowdstick start` with no build step', async () => {
    const packed = mkdtempSync(join(tmpdir(), 'crowdstick-pack-'));
    // The suite has built dist already (npm test builds first); prepack would build it again.
    await run(NPM, ['pack', '--ignore-scripts', '--pack-destination', packed], { cwd: ROOT });
    const tarball = readdirSync(packed).find((name) => name.endsWith('.tgz'))!;
    const { stdout: listing } = await run('tar', ['-tzf', join(packed, tarball)]);
    const files = listing.split('\n').filter(Boolean);
    expect(files).toContain('package/dist/app/index.html');
    expect(files).toContain('package/dist/relay/cli/crowdstick.js');
    expect(files).toContain('package/dist/relay/server/main.js');
    // What a show needs, not what building it needs.
    expect(files.some((file) => /^package\/(src|tests|bench|server)\//.test(file))).toBe(false);

    const folder = mkdtempSync(join(tmpdir(), 'crowdstick-installed-'));
    await run(NPM, ['init', '-y'], { cwd: folder });
    await run(NPM, ['install', '--no-audit', '--no-fund', join(packed, tarball)], {
      cwd: folder,
    });
    const help = await run('npx', ['crowdstick', '--help'], { cwd: folder });
    expect(help.stdout).toMatch(/^Usage: crowdstick <command>/);

    // The systemd unit, pointed at the command as installed here, passes systemd's own check.
    const unit = readFileSync(join(ROOT, 'examples/systemd/crowdstick.service'), 'utf8');
    expect(unit).toContain('ExecStart=/usr/local/bin/crowdstick start');
    const installedUnit = join(folder, 'crowdstick.service');
    const bin = join(folder, 'node_modules/.bin/crowdstick');
    writeFileSync(installedUnit, unit.replaceAll('/usr/local/bin/crowdstick', bin));
    const verified = await run('systemd-analyze', ['verify', installedUnit]);
    expect(verified.stderr).toBe('');

    const relay = spawn('npx', ['crowdstick', 'start', '--port', '0', '--host', '127.0.0.1'], {
      cwd: folder,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    try {
      const [, port] = await waitForLine(relay, /listening on port (\d+)/, 30_000);
      const page = await fetch(`http://127.0.0.1:${port}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
      const health = await (await fetch(`http://127.0.0.1:${port}/healthz`)).json();
      expect(health).toMatchObject({ ok: true, controllers: 0 });

      // The Dockerfile's health check, as Docker would run it, against this relay.
      const check = dockerHealthCheck().map((word) => word.replace('8080', port!));
      await expect(run(check[0]!, check.slice(1))).resolves.toBeDefined();
      const closedPort = check.map((word) => word.replace(`:${port}/`, ':1/'));
      await expect(run(closedPort[0]!, closedPort.slice(1))).rejects.toMatchObject({ code: 1 });
    } finally {
      // npx, the shell and node: the whole group, as a service manager would.
      process.kill(-relay.pid!, 'SIGTERM');
      await new Promise((done) => relay.once('close', done));
    }
  }, 180_000);
});
