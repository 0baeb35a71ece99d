// A SCIM 2.0 server nobody here wrote the protocol of: scimmy + scimmy-routers on express, with a
// small in-memory store. It answers as RFC 7644 says (a JSON 401 error body, strict booleans,
// /ServiceProviderConfig and /Schemas in their RFC casing) and so proves the client does not
// depend on our sandbox's habits. Loopback only; one peer at a time per process (scimmy's resource
// declarations are global).
import { randomBytes, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import SCIMMY from 'scimmy';
import SCIMMYRouters from 'scimmy-routers';

// express ships no types here (no @types/express); the peer needs only these two calls.
interface ExpressApp {
  use(path: string, handler: unknown): void;
  listen(port: number, host: string, callback: () => void): Server;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const express = require('express') as () => ExpressApp;

type Row = Record<string, unknown> & { id: string };

interface PeerState {
  token: string;
  users: Map<string, Row>;
  groups: Map<string, Row>;
}

// scimmy's types ask for a string; its code takes null for "no scimType" (404 and 503 have none).
const noScimType = null as unknown as string;

let state: PeerState | undefined;
let declared = false;

export interface Peer {
  /** The SCIM root: http://127.0.0.1:PORT/scim/v2 (or the mount path asked for) */
  readonly url: string;
  readonly token: string;
  /** Every request the peer received, as `METHOD /path?query` (the path exactly as sent). */
  readonly requests: string[];
  close(): Promise<void>;
}

function current(): PeerState {
  if (!state) throw new SCIMMY.Types.Error(503, noScimType, 'The peer is not running.');
  return state;
}

function egress(rows: () => Map<string, Row>) {
  return (resource: { id?: string; filter?: { match(rows: Row[]): Row[] } }) => {
    const all = [...rows().values()];
    if (resource.id !== undefined) {
      const found = rows().get(resource.id);
      if (!found) throw new SCIMMY.Types.Error(404, noScimType, `Resource ${resource.id} not found`);
      return found;
    }
    return resource.filter ? resource.filter.match(all) : all;
  };
}

function ingress(rows: () => Map<string, Row>, unique?: string) {
  return (resource: { id?: string }, instance: Record<string, unknown>) => {
    const id = resource.id ?? randomUUID();
    if (resource.id !== undefined && !rows().has(id)) throw new SCIMMY.Types.Error(404, noScimType, `Resource ${id} not found`);
    if (
      unique &&
      [...rows().values()].some((row) => row.id !== id && String(row[unique]).toLowerCase() === String(instance[unique]).toLowerCase())
    ) {
      throw new SCIMMY.Types.Error(409, 'uniqueness', `${unique} already in use`);
    }
    const row = { ...JSON.parse(JSON.stringify(instance)), id } as Row;
    rows().set(id, row);
    return row;
  };
}

function degress(rows: () => Map<string, Row>) {
  return (resource: { id?: string }) => {
    if (resource.id === undefined || !rows().delete(resource.id))
      throw new SCIMMY.Types.Error(404, noScimType, `Resource ${resource.id} not found`);
  };
}

function declareResources(): void {
  if (declared) return;
  declared = true;
  const users = () => current().users;
  const groups = () => current().groups;
  SCIMMY.Resources.declare(SCIMMY.Resources.User.extend(SCIMMY.Schemas.EnterpriseUser, false))
    .ingress(ingress(users, 'userName') as never)
    .egress(egress(users) as never)
    .degress(degress(users) as never);
  SCIMMY.Resources.declare(SCIMMY.Resources.Group)
    .ingress(ingress(groups) as never)
    .egress(egress(groups) as never)
    .degress(degress(groups) as never);
}

export interface PeerOptions {
  readonly token?: string;
  /** Where the SCIM service is mounted: '/scim/v2' by default, '/' for a service at the host's root. */
  readonly path?: string;
}

export async function startScimmyPeer(options: PeerOptions = {}): Promise<Peer> {
  if (state) throw new Error('A scimmy peer is already running in this process.');
  declareResources();
  const token = options.token ?? randomBytes(24).toString('base64url');
  const path = options.path ?? '/scim/v2';
  state = { token, users: new Map(), groups: new Map() };
  const requests: string[] = [];
  const app = express();
  app.use('/', (request: { method: string; originalUrl: string }, _response: unknown, next: () => void) => {
    requests.push(`${request.method} ${request.originalUrl}`);
    next();
  });
  app.use(
    path,
    new SCIMMYRouters({
      type: 'bearer',
      handler: (request) => {
        const header = request.header('Authorization') ?? '';
        if (header !== `Bearer ${current().token}`) throw new Error('Authorization failed: missing or invalid bearer token');
        return 'peer-admin';
      },
    }),
  );
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${path === '/' ? '' : path}`;
  return {
    url,
    token,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        state = undefined;
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
