#!/usr/bin/env node
'use strict';
/*
 * Starts the embedded Elastic emulator with a default topology (or --config file.json, the
 * startEmulator options) and prints its endpoints and keys as one JSON document on stdout.
 * Stays up until SIGINT/SIGTERM (or, when npm started it, until npm's shell exits).
 */
const fs = require('node:fs');
const path = require('node:path');

function usage(message) {
  if (message) process.stderr.write(`elastic-remote-emulator: ${message}\n`);
  process.stderr.write('usage: elastic-remote-emulator [--port N] [--config options.json] [--seed N]\n');
  process.exit(message ? 2 : 0);
}

function parseArgs(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const [flag, inline] = arg.includes('=') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    const value = () => (inline !== undefined ? inline : argv[++i]);
    switch (flag) {
      case '--port': {
        const port = Number(value());
        if (!Number.isInteger(port) || port < 0 || port > 65535) usage('--port needs a port number');
        options.port = port;
        break;
      }
      case '--seed':
        options.seed = Number(value());
        break;
      case '--config': {
        const file = value();
        if (!file) usage('--config needs a file');
        try {
          Object.assign(options, JSON.parse(fs.readFileSync(file, 'utf8')), options.port !== undefined ? { port: options.port } : {});
        } catch (error) {
          usage(`cannot read ${file}: ${error.message}`);
        }
        break;
      }
      case '--help':
      case '-h':
        usage();
        break;
      default:
        usage(`unknown argument ${arg}`);
    }
  }
  return options;
}

function loadEmulator() {
  const compiled = path.join(__dirname, '..', 'dist', 'src', 'emulator', 'index.js');
  if (!fs.existsSync(compiled)) {
    process.stderr.write('elastic-remote-emulator: dist/ is missing; run `npm run build` (npm ci does it) first\n');
    process.exit(1);
  }
  return require(compiled);
}

/** Without --config: the two self-managed clusters plus one ECH organization and one ECE environment with two deployments each. */
const defaultTopology = {
  cloud: {
    ech: [{ name: 'my-org', deployments: [{ name: 'ech-local' }, { name: 'ech-remote' }] }],
    ece: [{ name: 'ece-1', deployments: [{ name: 'ece-local' }, { name: 'ece-remote' }] }],
  },
};

/**
 * Under `npx`/`npm run`, npm starts us through `sh -c` and forwards SIGTERM to that shell only, which
 * dies without passing it on: stop when the parent is gone instead of lingering as an orphan.
 */
function stopWithParent(stop) {
  const parent = process.ppid;
  const alive = () => {
    try {
      process.kill(parent, 0);
      return true;
    } catch (error) {
      return error.code === 'EPERM';
    }
  };
  setInterval(() => {
    if (!alive()) stop('parent process exited');
  }, 250).unref();
}

async function main() {
  const args = process.argv.slice(2);
  const parsed = parseArgs(args);
  const options = args.some((a) => a.startsWith('--config')) ? parsed : { ...defaultTopology, ...parsed };
  const { startEmulator } = loadEmulator();
  const emulator = await startEmulator(options);
  let stopping = false;
  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`elastic-remote-emulator: ${signal}, stopping\n`);
    emulator.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  if (process.env.npm_command) stopWithParent(stop);
  // Printed once the signal handlers are in place, so a reader may stop us as soon as it has the document.
  process.stdout.write(`${JSON.stringify(emulator.describe(), null, 2)}\n`);
}

main().catch((error) => {
  process.stderr.write(`elastic-remote-emulator: ${error.stack || error.message}\n`);
  process.exit(1);
});
