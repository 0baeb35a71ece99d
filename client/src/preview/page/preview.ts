// The preview page's only script (bundled by esbuild to dist/webview/preview.js): renders what the
// panel posts (keeping the scroll position), keeps the state VS Code restores after a reload, and
// turns clicks into messages. It never builds HTML itself: render.ts does, escaping every value.
import { compatInputName, dataAttribute, type CopyFormat, type PageMessage, type PanelMessage, type Scenario } from '../messages';

/** The API VS Code gives a webview's scripts, once per page. */
interface WebviewApi {
  postMessage(message: PageMessage): void;
  getState(): Record<string, unknown> | undefined;
  setState(state: Record<string, unknown>): void;
}
declare function acquireVsCodeApi(): WebviewApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root');
let restored = false;

function saveState(update: object): Record<string, unknown> {
  const state = { ...(vscode.getState() ?? {}), ...update };
  vscode.setState(state);
  return state;
}

window.addEventListener('message', (event: MessageEvent<PanelMessage | undefined>) => {
  const message = event.data;
  if (!root || message?.type !== 'render') return;
  const y = window.scrollY;
  root.innerHTML = message.html;
  const state = saveState(message.state);
  window.scrollTo(0, restored ? y : typeof state.scrollY === 'number' ? state.scrollY : 0);
  restored = true;
});

let pending: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('scroll', () => {
  clearTimeout(pending);
  pending = setTimeout(() => saveState({ scrollY: window.scrollY }), 100);
});

document.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target : null;
  if (!target) return;
  const copy = target.closest(`[${dataAttribute.copy}]`);
  if (copy) {
    event.preventDefault();
    vscode.postMessage({
      type: 'copy',
      format: copy.getAttribute(dataAttribute.copy) as CopyFormat,
      scenario: copy.getAttribute(dataAttribute.scenario) as Scenario,
      index: Number(copy.getAttribute(dataAttribute.index)),
    });
    return;
  }
  const provision = target.closest(`[${dataAttribute.provision}]`);
  if (provision) {
    vscode.postMessage({ type: 'provision', apply: provision.getAttribute(dataAttribute.provision) === 'apply' });
    return;
  }
  if (target.closest(`[${dataAttribute.action}="pick"]`)) {
    vscode.postMessage({ type: 'pick' });
    return;
  }
  const link = target.closest(`[${dataAttribute.range}]`);
  if (link) {
    event.preventDefault();
    vscode.postMessage({ type: 'jump', range: (link.getAttribute(dataAttribute.range) ?? '').split(',').map(Number) });
  }
});

document.addEventListener('change', (event) => {
  const target = event.target;
  if (target instanceof HTMLInputElement && target.name === compatInputName) vscode.postMessage({ type: 'compat', value: target.value });
});

vscode.postMessage({ type: 'ready' });
