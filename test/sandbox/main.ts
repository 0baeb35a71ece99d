// `npm run sandbox`: starts the Genesys-compatible sandbox on loopback and prints what a connection
// needs. Options: --port N (default 8990; 0 picks a free port). The token can be fixed with the
// SCIMMAP_SANDBOX_TOKEN environment variable (the main job does this). Runs until Ctrl+C.
import { shellQuote } from '../../shared/src/shell';
import { PortInUseError, startSandbox } from './server';

async function main(argv: string[]): Promise<void> {
  const portIndex = argv.indexOf('--port');
  const port = portIndex >= 0 ? Number(argv[portIndex + 1]) : 8990;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write('sandbox: --port takes a number from 0 to 65535\n');
    process.exitCode = 2;
    return;
  }
  const sandbox = await startSandbox({ port, token: process.env.SCIMMAP_SANDBOX_TOKEN || undefined });
  process.stdout.write(
    [
      'Genesys Cloud SCIM sandbox (loopback only)',
      `  tenant URL:    ${sandbox.url}`,
      `  legacy root:   ${sandbox.url.replace(/\/v2$/, '')}`,
      `  token URL:     ${sandbox.tokenUrl}`,
      `  access token:  ${sandbox.token}`,
      `  OAuth client:  ${sandbox.clientId} / ${sandbox.clientSecret}`,
      '',
      `Try: SCIMMAP_SANDBOX_TOKEN=${shellQuote(sandbox.token)} npx scimmap test-connection --url ${shellQuote(sandbox.url)} --token-env SCIMMAP_SANDBOX_TOKEN`,
      'Ctrl+C stops it.',
      '',
    ].join('\n'),
  );
  const stop = () => void sandbox.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const another =
    error instanceof PortInUseError
      ? `\n  Use that one, or start another on a free port: npm run sandbox -- --port ${error.port + 1} (--port 0 picks one)`
      : '';
  process.stderr.write(`sandbox: ${(error as Error).message}${another}\n`);
  process.exitCode = 1;
});
