// The tenant from VS Code: SCIM: Pull Mapping from Entra..., Push Mapping to Entra..., Check
// Expressions with Entra, Compare Functions with Entra and Provision through Entra.... The Graph calls
// are shared with the CLI (shared/src/graph/); what the core decides (import, the push plan, the
// parseExpression cases, the catalogue comparison) the language server answers (server/src/lsp/
// entra-schema.ts, entra-tenant.ts), as `scimmap pull`, `push`, `verify-with-entra` and
// `compare-functions` call it. Files are written whole (temporary sibling, then rename).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { activeMapping } from '../active-mapping';
import { Proposals, readText, showProblems, writeAtomically } from '../entra-schema';
import { listSamples, pickSample } from '../preview/panel';
import type { GraphClient } from '../../../shared/src/graph/client';
import type { TenantFunction, TenantOperator } from '../../../shared/src/graph/catalogue';
import { formatVerifyResult, verifyWithEntra, type VerifyResult, type VerifySummary } from '../../../shared/src/graph/parse-expression';
import {
  parsePulledFrom,
  pulledFiles,
  pulledFrom,
  pulledFromProblem,
  pullOverProblem,
  type PulledFrom,
} from '../../../shared/src/graph/pulled';
import { pushSchema } from '../../../shared/src/graph/push';
import { describeJsonDifference } from '../../../shared/src/json-differences';
import {
  describeApp,
  findApps,
  getSchema,
  listJobs,
  oneApp,
  oneJob,
  schemaCatalogue,
  searchApps,
  type ServicePrincipal,
  type SynchronizationJob,
} from '../../../shared/src/graph/synchronization';
import {
  CompareCataloguesRequest,
  ImportSchemaRequest,
  PushPlanRequest,
  RoundTripRequest,
  VerifyCasesRequest,
  type SampleEntry,
} from '../../../shared/src/protocol';
import { showOnDemandRun, runOnDemand } from './on-demand';
import { EntraSignIn } from './sign-in';
import { pulledFileName } from '../file-names';

/** What each command asks to be allowed (docs/tenant.md, "Permissions"). */
export const permissions = {
  pull: ['Application.Read.All', 'Synchronization.Read.All'],
  push: ['Synchronization.ReadWrite.All'],
  check: ['Synchronization.ReadWrite.All'],
  compare: ['Synchronization.Read.All'],
  provision: ['Synchronization.ReadWrite.All'],
} as const;

/** A pulled .scimmap's FILE.entra.json and its base schema, or undefined after saying how to pull. */
async function pulledOf(
  mapping: vscode.Uri,
  what: string,
): Promise<{ from: PulledFrom; originUri: vscode.Uri; baseUri: vscode.Uri } | undefined> {
  const originUri = mapping.with({ path: pulledFiles(mapping.path).origin });
  const from = parsePulledFrom(await readText(originUri).catch(() => ''));
  if (!from) {
    void vscode.window.showErrorMessage(
      `${path.posix.basename(mapping.path)} was not pulled from Entra (there is no readable ${path.posix.basename(originUri.path)} beside it): ${what} needs the app and job it came from. Run SCIM: Pull Mapping from Entra... first.`,
    );
    return undefined;
  }
  const problem = pulledFromProblem(mapping.path, from);
  if (problem) {
    void vscode.window.showErrorMessage(`${what}: ${problem}`);
    return undefined;
  }
  return { from, originUri, baseUri: mapping.with({ path: pulledFiles(mapping.path).schema }) };
}

function mappingOrSay(resource: vscode.Uri | undefined, what: string): vscode.Uri | undefined {
  const mapping = resource ?? activeMapping();
  if (!mapping) void vscode.window.showErrorMessage(`Open a pulled .scimmap file to ${what}.`);
  return mapping;
}

/** The QuickPick of enterprise apps: Graph's $search as the user types, every page of hits. */
async function pickApp(graph: GraphClient): Promise<ServicePrincipal | undefined> {
  type Item = vscode.QuickPickItem & { app: ServicePrincipal };
  const quickPick = vscode.window.createQuickPick<Item>();
  quickPick.title = 'Pull Mapping from Entra: the enterprise app';
  quickPick.placeholder = "Type the start of the app's name (as the Enterprise applications blade shows it)";
  quickPick.matchOnDescription = true;
  let search: AbortController | undefined;
  let timer: NodeJS.Timeout | undefined;
  const run = (text: string) => {
    search?.abort();
    if (text.trim() === '') {
      quickPick.items = [];
      return;
    }
    const controller = (search = new AbortController());
    quickPick.busy = true;
    searchApps(graph, text.trim(), controller.signal).then(
      (apps) => {
        if (controller.signal.aborted) return;
        quickPick.busy = false;
        quickPick.items = apps.map((app) => ({
          label: app.displayName ?? app.id,
          description: app.id,
          detail: `Application ID ${app.appId ?? '?'}`,
          app,
        }));
        if (apps.length === 0) quickPick.placeholder = `No enterprise app's name starts with "${text.trim()}"`;
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        quickPick.busy = false;
        quickPick.hide();
        void vscode.window.showErrorMessage((error as Error).message);
      },
    );
  };
  try {
    return await new Promise<ServicePrincipal | undefined>((resolve) => {
      quickPick.onDidChangeValue((value) => {
        clearTimeout(timer);
        timer = setTimeout(() => run(value), 300);
      });
      quickPick.onDidAccept(() => {
        const [picked] = quickPick.selectedItems;
        if (picked) resolve(picked.app);
      });
      quickPick.onDidHide(() => resolve(undefined));
      quickPick.show();
    });
  } finally {
    clearTimeout(timer);
    search?.abort();
    quickPick.dispose();
  }
}

async function pickJob(jobs: readonly SynchronizationJob[], app: ServicePrincipal): Promise<SynchronizationJob | undefined> {
  if (jobs.length !== 1 && jobs.length > 0) {
    const picked = await vscode.window.showQuickPick(
      jobs.map((job) => ({ label: job.id, description: [job.templateId, job.status?.code].filter(Boolean).join(' · '), job })),
      { title: `Pull Mapping from Entra: ${describeApp(app)} has ${jobs.length} provisioning jobs`, placeHolder: 'Pick the job' },
    );
    return picked?.job;
  }
  return oneJob(jobs, app, undefined);
}

export interface PullOptions {
  /** The app's display name, Object ID or Application ID, instead of the QuickPick search. */
  readonly app?: string;
  readonly job?: string;
  /** Where to write the .scimmap, instead of the save dialog. */
  readonly output?: vscode.Uri;
}

export interface PushResult {
  readonly pushed: boolean;
  readonly reason?: string;
  readonly version?: string;
  /** What the schema Entra kept says differently from the .scimmap (normalised by the service). */
  readonly roundTrip?: readonly string[];
}

/** Registers the commands; returns the sign-in (the integration suite injects its session there). */
export function activateEntraTenant(context: vscode.ExtensionContext, client: LanguageClient): EntraSignIn {
  const signIn = new EntraSignIn();
  const views = new Proposals('scimmap-entra-tenant');
  const reports = new Map<string, object>();

  /** Runs a command; an error is logged and shown (each says what to do). */
  const register = <A extends unknown[], R>(command: string, run: (...args: A) => Promise<R>) =>
    vscode.commands.registerCommand(command, async (...args: A) => {
      try {
        return await run(...args);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        signIn.log.error(`${command}: ${message}`);
        void vscode.window.showErrorMessage(message, 'Show Log').then((choice) => choice && signIn.log.show());
        return undefined;
      }
    });

  const progress = <T>(title: string, task: (signal: AbortSignal) => Promise<T>) =>
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      return task(controller.signal);
    });

  async function pull(options: PullOptions = {}): Promise<vscode.Uri | undefined> {
    const graph = await signIn.client(permissions.pull);
    try {
      let app: ServicePrincipal | undefined;
      if (options.app) app = oneApp(await findApps(graph, options.app), options.app);
      else app = await pickApp(graph);
      if (!app) return undefined;
      const found = app;
      const jobs = await progress(`Reading the provisioning jobs of ${describeApp(found)}`, (signal) => listJobs(graph, found, signal));
      const job = options.job ? oneJob(jobs, found, options.job) : await pickJob(jobs, found);
      if (!job) return undefined;
      const schemaText = await progress(`Reading the schema of job ${job.id}`, (signal) => getSchema(graph, found.id, job.id, signal));
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const suggested = pulledFileName(found.displayName);
      const output =
        options.output ??
        (await vscode.window.showSaveDialog({
          title: 'Save the pulled mapping as (its base schema, target schema and origin are written beside it)',
          ...(folder && { defaultUri: vscode.Uri.joinPath(folder, suggested) }),
          filters: { 'scimmap mapping': ['scimmap'] },
        }));
      if (!output) return undefined;
      const files = pulledFiles(output.path);
      const at = (file: string) => output.with({ path: file });
      const importPulled = (text: string) =>
        client.sendRequest(ImportSchemaRequest, {
          schemaText: text,
          origin: path.posix.basename(files.schema),
          targetFile: `./${path.posix.basename(files.target)}`,
        });
      // As scimmap pull: never over a .scimmap (its editor's text, saved or not) the pull of its set did not write.
      const existing = await readText(output).catch(() => undefined);
      if (existing !== undefined) {
        const base = await readText(at(files.origin)).then(
          () => readText(at(files.schema)),
          () => undefined,
        );
        const reimported = base === undefined ? undefined : (await importPulled(base).catch(() => undefined))?.text;
        const problem = pullOverProblem(output.fsPath, existing, reimported);
        if (problem) {
          void vscode.window.showErrorMessage(problem);
          return undefined;
        }
      }
      const imported = await importPulled(schemaText);
      if (imported.text === undefined) {
        showProblems(
          `The schema of job ${job.id} cannot be imported (nothing written; if Graph really sent this, report it with the schema, scrubbed)`,
          imported.errors,
        );
        return undefined;
      }
      const origin = pulledFrom(graph.root.origin, found, job, files.schema, schemaText);
      await writeAtomically(at(files.schema), schemaText);
      if (imported.targetSchemaText !== undefined) await writeAtomically(at(files.target), imported.targetSchemaText);
      await writeAtomically(at(files.origin), `${JSON.stringify(origin, null, 2)}\n`);
      await writeAtomically(output, imported.text);
      await vscode.window.showTextDocument(output);
      signIn.log.info(`Pulled ${describeApp(found)}, job ${job.id}, version ${origin.version ?? 'none'} into ${output.fsPath}`);
      void vscode.window.showInformationMessage(
        `Pulled the mapping of ${describeApp(found)} (job ${job.id}).${imported.warnings.length > 0 ? ` ${imported.warnings.length} warning(s): ${imported.warnings.slice(0, 2).join('; ')}` : ''}`,
      );
      return output;
    } finally {
      await graph.close();
    }
  }

  async function push(resource?: vscode.Uri): Promise<PushResult | undefined> {
    const mapping = mappingOrSay(resource, 'push it to Entra');
    if (!mapping) return undefined;
    const pulled = await pulledOf(mapping, 'Push');
    if (!pulled) return undefined;
    const { from } = pulled;
    const name = path.posix.basename(mapping.path);
    const where = `${describeApp(from.app)}, job ${from.job.id}`;
    await vscode.workspace.openTextDocument(mapping);
    const graph = await signIn.client(permissions.push, from.graphUrl);
    try {
      const outcome = await pushSchema<string>(graph, from.app, from.job.id, {
        plan: async (currentText) => {
          const plan = await client.sendRequest(PushPlanRequest, {
            uri: mapping.toString(),
            pulledText: await readText(pulled.baseUri),
            currentText,
          });
          if (!plan) throw new Error(`${name} is not open in the language server: open it and run again.`);
          if (plan.ok) return plan;
          showProblems(`${name} cannot be pushed (nothing sent)`, plan.errors);
          return undefined;
        },
        overwrite: async (plan) => {
          const changed = views.show(
            `${name}.changed-in-entra.txt`,
            `What changed in Entra since the pull (version ${plan.pulledVersion ?? 'none'} is now ${plan.currentVersion ?? 'none'})\n+ added in Entra   - removed in Entra   ~ changed in Entra (pulled; now), each with what Overwrite does\n\n${plan.changedSincePull?.join('\n') || '(nothing the .scimmap expresses; other parts of the schema changed)'}\n`,
          );
          await vscode.window.showTextDocument(changed, { preview: true, viewColumn: vscode.ViewColumn.Beside });
          return confirm(
            `The schema of ${where} was changed since the pull (someone saved in the portal). ${plan.changes.length === 0 ? `It already says everything ${name} says: Overwrite sends nothing and takes it as the pulled base.` : `Overwrite what ${name} says, keeping everything else of the current schema?`}`,
            'Overwrite',
          );
        },
        confirm: async (plan, currentText) => {
          for (const note of plan.notes) signIn.log.info(note);
          // Graph answers minified JSON: both sides indented, so the diff shows what changes (the PUT sends the export as it is).
          const before = views.show(`${name}.in-entra.json`, indented(currentText));
          const after = views.show(`${name}.to-push.json`, indented(plan.exported));
          await vscode.commands.executeCommand('vscode.diff', before, after, `Entra now ↔ push of ${name}`);
          return confirm(
            `Replace the provisioning schema of ${where}? ${plan.changes.length} change(s): ${plan.changes.slice(0, 3).join('; ')}${plan.changes.length > 3 ? '; …' : ''}. Entra restarts the job with an initial cycle.`,
            'Push',
          );
        },
        roundTrip: async (keptText) =>
          (await client.sendRequest(RoundTripRequest, { uri: mapping.toString(), keptText }))?.differences ?? [],
        saved: async (keptText, version) => {
          await writeAtomically(pulled.baseUri, keptText);
          await writeAtomically(pulled.originUri, `${JSON.stringify({ ...from, version }, null, 2)}\n`);
        },
      });
      if (!outcome.pushed) {
        if (outcome.reason === 'nothing to push')
          void vscode.window.showInformationMessage(
            `The schema of ${where} already says what ${name} says; nothing sent.${outcome.plan.changedSincePull ? ` It was saved since the pull: the pulled base now follows version ${outcome.plan.currentVersion ?? 'none'}.` : ''}`,
          );
        return { pushed: false, reason: outcome.reason };
      }
      const differences = [...outcome.roundTrip];
      signIn.log.info(
        `Pushed ${name} to ${where}; version ${outcome.version ?? 'none'}; round trip: ${differences.length === 0 ? 'same' : differences.join('; ')}`,
      );
      if (outcome.normalised.length > 0)
        signIn.log.info(
          `The JSON Entra kept differs from the JSON sent (normalised by the service; version aside): ${outcome.normalised.map(describeJsonDifference).join('; ')}`,
        );
      if (differences.length === 0) void vscode.window.showInformationMessage(`Pushed: the schema Entra kept says what ${name} says.`);
      else {
        const shown = views.show(
          `${name}.round-trip.txt`,
          `What the schema Entra kept says differently from ${name} (normalised by the service)\n\n${differences.join('\n')}\n`,
        );
        await vscode.window.showTextDocument(shown, { preview: true, viewColumn: vscode.ViewColumn.Beside });
        void vscode.window.showWarningMessage(
          `Pushed, but Entra kept ${differences.length} thing(s) differently from ${name}: see the list beside.`,
        );
      }
      return { pushed: true, version: outcome.version, roundTrip: differences };
    } finally {
      await graph.close();
    }
  }

  async function check(resource?: vscode.Uri, sampleId?: string): Promise<{ summary: VerifySummary; results: VerifyResult[] } | undefined> {
    const mapping = mappingOrSay(resource, 'check its expressions with Entra');
    if (!mapping) return undefined;
    const pulled = await pulledOf(mapping, 'Check Expressions with Entra');
    if (!pulled) return undefined;
    const { from } = pulled;
    await vscode.workspace.openTextDocument(mapping);
    const sample = sampleId ? await findSample(client, sampleId) : await pickSample(client, 'SCIM: Check Expressions with Entra', 'user');
    if (!sample) return undefined;
    const samples = { uri: sample.uri, text: await readText(vscode.Uri.parse(sample.uri)) };
    const built = await client.sendRequest(VerifyCasesRequest, {
      uri: mapping.toString(),
      schemaText: await readText(pulled.baseUri),
      samples,
      id: sample.id,
    });
    if (!built) throw new Error(`${path.posix.basename(mapping.path)} is not open in the language server: open it and run again.`);
    if (!built.ok) {
      showProblems(`The expressions of ${path.posix.basename(mapping.path)} cannot be checked`, built.errors);
      return undefined;
    }
    const graph = await signIn.client(permissions.check, from.graphUrl);
    try {
      const { results, summary } = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Asking Entra to evaluate each expression', cancellable: true },
        (report, token) => {
          const controller = new AbortController();
          token.onCancellationRequested(() => controller.abort());
          return verifyWithEntra(graph, from.app.id, from.job.id, built.cases, controller.signal, (done) =>
            report.report({ message: `${done} of ${built.cases.length}`, increment: 100 / Math.max(1, built.cases.length) }),
          );
        },
      );
      const name = path.posix.basename(mapping.path);
      const report = {
        app: from.app,
        job: from.job,
        user: sample.id,
        scimmapVersion: context.extension.packageJSON.version as string,
        summary,
        results,
      };
      reports.set(name, report);
      const ordered = [...results].sort((a, b) => order(a) - order(b));
      const shown = views.show(
        `${name}.checked-with-entra.txt`,
        `Expressions of ${name} evaluated by Entra (parseExpression) and by scimmap for sample user "${sample.id}"\n${summary.same} same, ${summary.different} different, ${summary.notComparable} not comparable\n\n${ordered.map(formatVerifyResult).join('\n')}\n`,
      );
      await vscode.window.showTextDocument(shown, { preview: true, viewColumn: vscode.ViewColumn.Beside });
      const text = `Entra and scimmap: ${summary.same} same, ${summary.different} different, ${summary.notComparable} not comparable.`;
      const exportChoice = 'Export Report...';
      const choice =
        summary.different > 0
          ? vscode.window.showWarningMessage(
              `${text} A difference is a fidelity bug: export the report to attach it (docs/tenant.md).`,
              exportChoice,
            )
          : vscode.window.showInformationMessage(text, exportChoice);
      void choice.then((picked) => (picked === exportChoice ? exportReport(name) : undefined));
      return { summary, results };
    } finally {
      await graph.close();
    }
  }

  /** Writes the last check of `name` as `scimmap verify-with-entra --format json` does. */
  async function exportReport(name?: string, output?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const key = name ?? [...reports.keys()].at(-1);
    const report = key && reports.get(key);
    if (!report) {
      void vscode.window.showInformationMessage('Run SCIM: Check Expressions with Entra first: the report is of its last run.');
      return undefined;
    }
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    output ??= await vscode.window.showSaveDialog({
      title: 'Export the parseExpression report (remove anything personal before attaching it to an issue)',
      ...(folder && { defaultUri: vscode.Uri.joinPath(folder, `${key.replace(/\.scimmap$/i, '')}.verify-with-entra.json`) }),
      filters: { JSON: ['json'] },
    });
    if (!output) return undefined;
    await writeAtomically(output, `${JSON.stringify(report, null, 2)}\n`);
    return output;
  }

  async function compare(resource?: vscode.Uri): Promise<string[] | undefined> {
    const mapping = mappingOrSay(resource, "compare the tenant's functions with scimmap's");
    if (!mapping) return undefined;
    const pulled = await pulledOf(mapping, 'Compare Functions with Entra');
    if (!pulled) return undefined;
    const { from } = pulled;
    const graph = await signIn.client(permissions.compare, from.graphUrl);
    try {
      const [functions, operators] = await progress("Reading the tenant's functions and scoping operators", (signal) =>
        Promise.all([
          schemaCatalogue<TenantFunction>(graph, from.app.id, from.job.id, 'functions', signal),
          schemaCatalogue<TenantOperator>(graph, from.app.id, from.job.id, 'filterOperators', signal),
        ]),
      );
      const { differences, lines } = await client.sendRequest(CompareCataloguesRequest, { functions, operators });
      const lacking = differences.filter((difference) => difference.kind !== 'notInTenant').length;
      const shown = views.show(
        'functions-compared-with-entra.txt',
        `The tenant (${describeApp(from.app)}, job ${from.job.id}) lists ${functions.length} functions and ${operators.length} scoping operators; ${lacking} missing or spelled differently in scimmap.\n\n${lines.join('\n')}\n`,
      );
      await vscode.window.showTextDocument(shown, { preview: true, viewColumn: vscode.ViewColumn.Beside });
      return lines;
    } finally {
      await graph.close();
    }
  }

  async function provisionThroughEntra(resource?: vscode.Uri, subject?: { kind: 'user' | 'group'; objectId: string }) {
    const mapping = mappingOrSay(resource, 'provision a user or group through Entra');
    if (!mapping) return undefined;
    const pulled = await pulledOf(mapping, 'Provision through Entra');
    if (!pulled) return undefined;
    const { from } = pulled;
    subject ??= await askSubject();
    if (!subject) return undefined;
    const where = `${describeApp(from.app)}, job ${from.job.id}`;
    if (!(await confirm(`Entra provisions ${subject.kind} ${subject.objectId} into ${where} now: a real change in the app.`, 'Provision')))
      return undefined;
    const graph = await signIn.client(permissions.provision, from.graphUrl);
    try {
      const chosen = subject;
      const report = await progress(`Entra is provisioning ${chosen.kind} ${chosen.objectId}`, async (signal) =>
        runOnDemand(graph, from, await readText(pulled.baseUri), chosen, signal),
      );
      signIn.log.info(`Provisioned through Entra: ${report.summary}`);
      showOnDemandRun(context.extensionUri, report);
      return report;
    } finally {
      await graph.close();
    }
  }

  context.subscriptions.push(
    signIn,
    vscode.workspace.registerTextDocumentContentProvider(views.scheme, views),
    register('scimmap.entra.pull', pull),
    register('scimmap.entra.push', push),
    register('scimmap.entra.checkExpressions', check),
    register('scimmap.entra.exportCheckReport', exportReport),
    register('scimmap.entra.compareFunctions', compare),
    register('scimmap.entra.provisionOnDemand', provisionThroughEntra),
    register('scimmap.entra.showLog', async () => signIn.log.show()),
  );
  return signIn;
}

function indented(json: string): string {
  try {
    return `${JSON.stringify(JSON.parse(json), null, 2)}\n`;
  } catch {
    return json;
  }
}

/** DIFFERENT first, then not comparable, then same. */
function order(result: VerifyResult): number {
  return result.verdict === 'different' ? 0 : result.verdict === 'notComparable' ? 1 : 2;
}

/** A yes/no question as a QuickPick (answerable by typing), the action first. */
async function confirm(question: string, action: string): Promise<boolean> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: action, detail: question, yes: true },
      { label: 'Cancel', yes: false },
    ],
    { title: question, placeHolder: `${action} or Cancel`, ignoreFocusOut: true },
  );
  return picked?.yes === true;
}

const objectId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function askSubject(): Promise<{ kind: 'user' | 'group'; objectId: string } | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'User', subject: 'user' as const },
      { label: 'Group', subject: 'group' as const },
    ],
    { title: 'Provision through Entra', placeHolder: 'A user or a group of the tenant?' },
  );
  if (!picked) return undefined;
  const kind = picked.subject;
  const id = await vscode.window.showInputBox({
    title: 'Provision through Entra',
    prompt: `The ${kind}'s Object ID (Microsoft Entra admin center > ${kind === 'user' ? 'Users' : 'Groups'} > the ${kind} > Object ID)`,
    ignoreFocusOut: true,
    validateInput: (value) =>
      objectId.test(value.trim()) ? undefined : 'An Object ID is a GUID, e.g. 3f1e2d4c-5b6a-4789-8a9b-0c1d2e3f4a5b.',
  });
  return id ? { kind: kind, objectId: id.trim() } : undefined;
}

async function findSample(client: LanguageClient, id: string): Promise<SampleEntry> {
  const samples = await listSamples(client);
  const sample = samples.find((candidate) => candidate.kind === 'user' && candidate.id === id);
  if (!sample) throw new Error(`No sample user "${id}" in the workspace's samples files.`);
  return sample;
}
