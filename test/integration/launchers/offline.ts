// The offline launcher: installs the packaged extension (.vsix) into code-server, opens the real
// VS Code workbench in headless Chromium, runs the integration suite in its extension host and
// takes the screenshots the suite asks for.
//
//   node out/integration/launchers/offline.js --vsix scimmap.vsix --code-server ENTRY --chromium PATH
//        [--screenshots DIR] [--summary FILE] [--grep PATTERN] [--timeout-minutes N] [--keep]
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import {
  eventsFileVariable,
  grepVariable,
  responseFile,
  sandboxTokenVariable,
  screenshotsVariable,
  type PageRequest,
  type PageResponse,
  type SuiteEvent,
  type WebviewContent,
} from '../protocol';
import { chromiumArguments } from '../../support/chromium';
import { installVsix, remoteUri, startCodeServer, workbenchUrl, type RunningCodeServer } from './code-server';
import { finish, followEvents, newOutcome, prepareRunFolders, recordEvent, repoRoot, runLauncher, testsEntry } from './run-folders';

/** Opens `url` in a headless Chromium page the size of a laptop screen. */
async function openWorkbench(chromiumPath: string, url: string): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArguments });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(url);
  return { browser, page };
}

/** What the offline launcher knows of the page, for answering the suite's requests. */
interface PageContext {
  readonly page: Page;
  readonly screenshotsDir: string;
  readonly sandboxToken: string;
  /** Messages of the dialogs (alert, confirm, prompt) any frame opened. */
  readonly dialogs: string[];
}

const pageWaitMs = 20_000;

async function answer({ page, screenshotsDir, sandboxToken, dialogs }: PageContext, request: PageRequest): Promise<PageResponse> {
  try {
    // VS Code nests each webview's page in an iframe (#active-frame) inside iframe.webview.
    const webviewPage = () => page.locator('iframe.webview:visible').first().contentFrame().locator('iframe#active-frame').contentFrame();
    // A click in the webview's page or in the workbench around it.
    if (request.kind === 'webviewClick' || request.kind === 'workbenchClick') {
      const element = (request.kind === 'webviewClick' ? webviewPage() : page).locator(request.selector).first();
      await element.waitFor({ state: 'visible', timeout: pageWaitMs });
      await element.click({ timeout: pageWaitMs });
      return { ok: true, detail: `clicked ${request.selector}` };
    }
    if (request.kind === 'webviewKeys') {
      const element = webviewPage().locator(request.selector).first();
      await element.waitFor({ state: 'visible', timeout: pageWaitMs });
      for (const key of request.keys) await element.press(key, { timeout: pageWaitMs });
      return { ok: true, detail: `pressed ${request.keys.join(' ')} in ${request.selector}` };
    }
    if (request.kind === 'webviewAttributes') {
      const element = webviewPage().locator(request.selector).first();
      await element.waitFor({ state: 'attached', timeout: pageWaitMs });
      const attributes: Record<string, string | null> = {};
      for (const name of request.names) attributes[name] = await element.getAttribute(name);
      return { ok: true, detail: JSON.stringify(attributes) };
    }
    if (request.kind === 'webviewElement') {
      const element = webviewPage().locator(request.selector).first();
      // Attached first: 'hidden' alone also holds while no webview is on screen.
      await element.waitFor({ state: 'attached', timeout: pageWaitMs });
      await element.waitFor({ state: request.state, timeout: pageWaitMs });
      return { ok: true, detail: request.state === 'visible' ? await element.innerText() : '' };
    }
    if (request.kind === 'workbenchTexts')
      return { ok: true, detail: JSON.stringify(await page.locator(request.selector).allInnerTexts()) };
    if (request.kind === 'webview') {
      const body = webviewPage().locator('body').filter({ hasText: request.contains });
      await body.waitFor({ state: 'visible', timeout: pageWaitMs });
      const content: WebviewContent = { text: await body.innerText(), images: await body.locator('img').count(), dialogs };
      return { ok: true, detail: JSON.stringify(content) };
    }
    if (request.visible) await page.locator(request.visible).first().waitFor({ state: 'visible', timeout: pageWaitMs });
    if (request.kind === 'keyboard') {
      const text = request.typeSandboxToken ? sandboxToken : request.text;
      if (text) await page.keyboard.type(text);
      if (request.press) await page.keyboard.press(request.press);
      return { ok: true, detail: `typed into ${request.visible}` };
    }
    // Let the workbench paint what the extension host just changed (two frames). A string, because
    // it runs in the page, whose DOM types this Node project does not load.
    await page.evaluate('new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))');
    const file = join(screenshotsDir, `${request.name.replace(/[^a-z0-9_-]+/gi, '-')}.png`);
    await page.screenshot({ path: file });
    return { ok: true, detail: file };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      vsix: { type: 'string' },
      'code-server': { type: 'string' },
      chromium: { type: 'string' },
      screenshots: { type: 'string', default: join(repoRoot, 'screenshots') },
      summary: { type: 'string' },
      grep: { type: 'string' },
      'timeout-minutes': { type: 'string', default: '30' },
      keep: { type: 'boolean', default: false },
    },
  });
  if (!values.vsix || !values['code-server'] || !values.chromium) {
    throw new Error(
      'usage: offline.js --vsix FILE --code-server ENTRY --chromium PATH [--screenshots DIR] [--summary FILE] [--grep PATTERN] [--timeout-minutes N] [--keep]',
    );
  }
  const timeoutMinutes = Number(values['timeout-minutes']);
  if (!(timeoutMinutes > 0)) throw new Error(`--timeout-minutes takes a positive number, not "${values['timeout-minutes']}"`);
  const startMinutes = Math.min(5, timeoutMinutes);
  const screenshotsDir = resolve(values.screenshots);
  mkdirSync(screenshotsDir, { recursive: true });
  const run = prepareRunFolders();
  process.stdout.write(`integration run folder: ${run.root}\n`);
  const folders = {
    entry: values['code-server'],
    userDataDir: run.userDataDir,
    extensionsDir: run.extensionsDir,
    configFile: join(run.root, 'code-server.yaml'),
  };
  const installed = installVsix(folders, resolve(values.vsix));
  process.stdout.write(`installed ${values.vsix} as ${installed}\n`);

  const outcome = newOutcome();
  const sandboxToken = randomBytes(24).toString('base64url');
  const env: Record<string, string> = {
    [eventsFileVariable]: run.eventsFile,
    // The language server's V8 code cache (server/src/code-cache.ts) in the run's folder, not the user's cache.
    SCIMMAP_CACHE_DIR: join(run.root, 'code-cache'),
    [screenshotsVariable]: screenshotsDir,
    [sandboxTokenVariable]: sandboxToken,
  };
  if (values.grep) env[grepVariable] = values.grep;
  let server: RunningCodeServer | undefined;
  let browser: Browser | undefined;
  let events: { stop(): void } | undefined;
  try {
    server = await startCodeServer({ folders, workspace: run.workspace, port: 0, logFile: join(run.root, 'code-server.log'), env });
    const activeServer = server;
    // The test runner needs a development extension: it is the installed .vsix folder itself,
    // so the suite exercises exactly the packaged files.
    const url = workbenchUrl(server, run.workspace, [
      ['extensionDevelopmentPath', remoteUri(server, installed)],
      ['extensionTestsPath', remoteUri(server, testsEntry)],
    ]);
    const opened = await openWorkbench(values.chromium, url);
    browser = opened.browser;
    const page = opened.page;
    const context: PageContext = { page, screenshotsDir, sandboxToken, dialogs: [] };
    page.on('dialog', (dialog) => {
      context.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    const consoleLog: string[] = [];
    page.on('console', (message) => consoleLog.push(`[${message.type()}] ${message.text()}`));
    page.on('pageerror', (error) => consoleLog.push(`[pageerror] ${error.message}`));

    await new Promise<void>((done) => {
      const giveUp = (problem: string) => {
        outcome.problem = problem;
        clearTimeout(timer);
        clearTimeout(startTimer);
        done();
      };
      const timer = setTimeout(() => giveUp(`no result within ${timeoutMinutes} minutes (logs in ${run.root})`), timeoutMinutes * 60_000);
      // A workbench that never loads the tests entry fails fast instead of at the overall time-out.
      const startTimer = setTimeout(
        () => giveUp(`VS Code did not start the tests entry within ${startMinutes} minutes (logs in ${run.root})`),
        startMinutes * 60_000,
      );
      const onEvent = (event: SuiteEvent) => {
        recordEvent(outcome, event);
        if (event.event === 'start') {
          clearTimeout(startTimer);
          process.stdout.write(`integration suite: ${event.total} tests in VS Code ${activeServer.url}\n`);
        }
        if (event.event === 'request') {
          void answer(context, event.request).then((response) => {
            // Written whole, then renamed into place: the suite never reads half an answer.
            const file = responseFile(run.eventsFile, event.id);
            writeFileSync(`${file}.partial`, JSON.stringify(response));
            renameSync(`${file}.partial`, file);
          });
        }
        if (event.event === 'end') {
          clearTimeout(timer);
          done();
        }
      };
      events = followEvents(run.eventsFile, onEvent);
      page.on('crash', () => giveUp('the workbench page crashed'));
    });
    if (outcome.problem) {
      await page.screenshot({ path: join(screenshotsDir, 'unfinished-run.png') }).catch(() => undefined);
      writeFileSync(join(run.root, 'browser-console.log'), `${consoleLog.join('\n')}\n`);
    }
  } finally {
    events?.stop();
    await browser?.close().catch(() => undefined);
    await server?.stop();
  }
  return finish(outcome, values.summary, run, values.keep);
}

runLauncher(main);
