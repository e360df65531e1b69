// Validates what a server sends against the official MCP schema of one revision
// (../shared/mcp-schema/<revision>/schema.json). Every line a server writes is checked
// against JSONRPCMessage and, where the schema has one, against the definition of that
// message's kind: a response against the result of the request it answers, a
// notification or server request against the definition whose `method` const matches.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HERE, '..', '..', '..');

export const STATEFUL_REVISIONS = ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25'];
export const LATEST_STATEFUL_REVISION = '2025-11-25';
export const STATELESS_REVISION = '2026-07-28';

export function schemaDir() {
  return process.env.CONHUB_SCHEMA_DIR || path.resolve(REPO_ROOT, '..', 'shared', 'mcp-schema');
}

/** Directory of the official example messages of a revision (2025-11-25, 2026-07-28). */
export function examplesDir(revision) {
  return path.join(schemaDir(), revision, 'examples');
}

/** Reads one official example, e.g. example('2026-07-28', 'DiscoverRequest/server-discover-request.json'). */
export function example(revision, relativePath) {
  return JSON.parse(fs.readFileSync(path.join(examplesDir(revision), relativePath), 'utf8'));
}

const cache = new Map();

export class SchemaValidator {
  /** One compiled validator per revision, shared by every session of a test file. */
  static for(revision) {
    if (!cache.has(revision)) cache.set(revision, new SchemaValidator(revision));
    return cache.get(revision);
  }

  constructor(revision) {
    this.revision = revision;
    const file = path.join(schemaDir(), revision, 'schema.json');
    if (!fs.existsSync(file)) {
      throw new Error(`MCP schema for ${revision} not found at ${file}; set CONHUB_SCHEMA_DIR`);
    }
    const schema = JSON.parse(fs.readFileSync(file, 'utf8'));
    const draft2020 = String(schema.$schema || '').includes('2020-12');
    const AjvClass = draft2020 ? Ajv2020 : Ajv;
    this.ajv = new AjvClass({ strict: false, allErrors: true, logger: false });
    addFormats(this.ajv);
    this.defsKey = schema.$defs ? '$defs' : 'definitions';
    this.defs = schema[this.defsKey];
    this.id = `https://conhub.test/mcp-schema/${revision}/schema.json`;
    const { $schema, ...body } = schema; // the meta-schema is implied by the Ajv class
    this.ajv.addSchema({ ...body, $id: this.id });
    this.compiled = new Map();

    // method name -> definition name, from each definition's `method: {const}`.
    this.requestDefs = new Map();
    this.notificationDefs = new Map();
    this.contentDefs = new Map(); // content block `type` -> definition name
    for (const [name, def] of Object.entries(this.defs)) {
      const type = def?.properties?.type?.const;
      if (typeof type === 'string' && ['text', 'image', 'audio', 'resource', 'resource_link'].includes(type)) {
        this.contentDefs.set(type, name);
      }
      const method = def?.properties?.method?.const;
      if (typeof method !== 'string') continue;
      if (name.endsWith('Request')) this.requestDefs.set(method, name);
      else if (name.endsWith('Notification')) this.notificationDefs.set(method, name);
    }
  }

  has(defName) {
    return Object.hasOwn(this.defs, defName);
  }

  /** Errors (empty when valid) of `value` against definition `defName`. */
  check(defName, value) {
    if (!this.has(defName)) return [`schema ${this.revision} has no definition ${defName}`];
    let fn = this.compiled.get(defName);
    if (!fn) {
      fn = this.ajv.compile({ $ref: `${this.id}#/${this.defsKey}/${defName}` });
      this.compiled.set(defName, fn);
    }
    if (fn(value)) return [];
    return formatErrors(fn.errors, defName);
  }

  /**
   * Fields the revision does not define, in the parts of a result that result shaping
   * rewrites per revision (ARCHITECTURE.md: "the result is shaped for the negotiated
   * revision"; src/protocol/result_shaping.hpp: fields a revision does not know are
   * dropped). The schemas allow extra members everywhere, so the plain validation cannot
   * see a 2025-06-18 field (title, outputSchema, structuredContent…) or a 2026-07-28 one
   * (resultType, ttlMs…) leaking into an older session.
   */
  unknownFields(method, result) {
    const out = [];
    const keysOf = (defName) => Object.keys(this.defs[defName]?.properties ?? {});
    const check = (defName, obj, where) => {
      if (!this.has(defName) || obj === null || typeof obj !== 'object' || Array.isArray(obj)) return;
      const known = new Set(keysOf(defName));
      for (const key of Object.keys(obj)) {
        if (!known.has(key)) out.push(`${where}.${key} is not a field of ${this.revision} ${defName}`);
      }
    };
    const checkContent = (block, where) => {
      const defName = this.contentDefs.get(block?.type);
      if (defName) check(defName, block, where);
    };
    const requestDef = this.requestDefs.get(method);
    if (!requestDef || result === null || typeof result !== 'object') return out;
    // 2026-07-28 (SEP-2322): tools/call, prompts/get and resources/read may answer with an
    // InputRequiredResult instead of their own result type (*ResultResponse is anyOf both).
    if (result.resultType === 'input_required' && this.has('InputRequiredResult')) {
      check('InputRequiredResult', result, 'result');
      return out;
    }
    const resultDef = `${requestDef.replace(/Request$/, '')}Result`;
    if (this.has(resultDef) && !this.defs[resultDef].additionalProperties) check(resultDef, result, 'result');
    const each = (list, defName, where) => {
      if (Array.isArray(list)) list.forEach((item, i) => check(defName, item, `${where}[${i}]`));
    };
    switch (method) {
      case 'initialize':
        check('Implementation', result.serverInfo, 'result.serverInfo');
        check('ServerCapabilities', result.capabilities, 'result.capabilities');
        break;
      case 'tools/list':
        each(result.tools, 'Tool', 'result.tools');
        (result.tools ?? []).forEach((tool, i) => check('ToolAnnotations', tool?.annotations, `result.tools[${i}].annotations`));
        break;
      case 'tools/call':
        (result.content ?? []).forEach((block, i) => checkContent(block, `result.content[${i}]`));
        break;
      case 'resources/list':
        each(result.resources, 'Resource', 'result.resources');
        break;
      case 'resources/templates/list':
        each(result.resourceTemplates, 'ResourceTemplate', 'result.resourceTemplates');
        break;
      case 'prompts/list':
        each(result.prompts, 'Prompt', 'result.prompts');
        break;
      case 'prompts/get':
        (result.messages ?? []).forEach((m, i) => {
          check('PromptMessage', m, `result.messages[${i}]`);
          checkContent(m?.content, `result.messages[${i}].content`);
        });
        break;
      case 'resources/read':
        (result.contents ?? []).forEach((c, i) =>
          check('blob' in (c ?? {}) ? 'BlobResourceContents' : 'TextResourceContents', c, `result.contents[${i}]`));
        break;
      default:
        break;
    }
    return out;
  }

  /**
   * For a request method, which definition its response is checked against:
   * { def, whole } where whole=true means the definition covers the whole
   * JSON-RPC response (2026-07-28 *ResultResponse), false means just `result`.
   */
  resultDefinitionFor(method) {
    const requestDef = this.requestDefs.get(method);
    if (!requestDef) return null;
    const base = requestDef.replace(/Request$/, '');
    if (this.has(`${base}ResultResponse`)) return { def: `${base}ResultResponse`, whole: true };
    if (this.has(`${base}Result`)) return { def: `${base}Result`, whole: false };
    if (this.has('EmptyResult')) return { def: 'EmptyResult', whole: false };
    return { def: 'Result', whole: false };
  }
}

function formatErrors(errors, defName) {
  const out = (errors || []).slice(0, 6).map((e) => {
    const extra = e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : '';
    return `${defName}${e.instancePath || ''}: ${e.message}${extra}`;
  });
  if ((errors || []).length > 6) out.push(`… and ${errors.length - 6} more schema errors`);
  return out;
}

const idKey = (id) => JSON.stringify(id);

/**
 * Watches one server's stdout for one revision: the lines the client wrote (noteOutgoing)
 * tell it which request each response answers. Every problem becomes a string in
 * `violations`, which each test asserts is empty at its end.
 */
export class MessageChecker {
  constructor(revision) {
    this.revision = revision;
    this.validator = SchemaValidator.for(revision);
    this.pending = new Map(); // JSON id -> method of requests the client sent
    this.violations = [];
    this.stdoutLines = [];
    this.sent = []; // every message the client wrote, parsed
  }

  /** Records what the client sent (object, array batch, or raw text that may not parse). */
  noteOutgoing(message) {
    let msg = message;
    if (typeof msg === 'string') {
      try {
        msg = JSON.parse(msg);
      } catch {
        return;
      }
    }
    this.sent.push(msg);
    const items = Array.isArray(msg) ? msg : [msg];
    for (const m of items) {
      // Anything with an id and a method may be answered with that id, even an invalid
      // request (e.g. a non-string method) whose id the server could still read.
      if (m && typeof m === 'object' && 'method' in m && m.id !== undefined && m.id !== null && !('result' in m) && !('error' in m)) {
        this.pending.set(idKey(m.id), typeof m.method === 'string' ? m.method : '(invalid method)');
      }
    }
  }

  /** Checks one stdout line; returns the parsed message, or undefined if it is not JSON. */
  checkLine(line) {
    this.stdoutLines.push(line);
    if (line.trim() === '') {
      this.violations.push('empty line on stdout (stdio messages are newline-delimited JSON-RPC)');
      return undefined;
    }
    let msg;
    try {
      msg = JSON.parse(line);
    } catch (e) {
      this.violations.push(`stdout line is not JSON (${e.message}): ${truncate(line)}`);
      return undefined;
    }
    this.checkMessage(msg, line);
    return msg;
  }

  checkMessage(msg, line = JSON.stringify(msg)) {
    const v = this.validator;
    const fail = (errs, what) => {
      for (const e of errs) this.violations.push(`[${this.revision}] ${what}: ${e} -- in ${truncate(line)}`);
    };
    if (Array.isArray(msg)) {
      // Only 2025-03-26 has JSON-RPC batches; its JSONRPCMessage accepts an array.
      fail(v.check('JSONRPCMessage', msg), 'batch');
      if (msg.length === 0) this.violations.push(`[${this.revision}] empty batch array sent`);
      for (const item of msg) this.checkOne(item, fail);
      return;
    }
    this.checkOne(msg, fail);
  }

  checkOne(msg, fail) {
    const v = this.validator;
    if (msg === null || typeof msg !== 'object' || Array.isArray(msg)) {
      fail(['not a JSON object'], 'message');
      return;
    }
    // JSON-RPC 2.0 §5 requires `id: null` when the request's id could not be read (parse
    // error, invalid request). The MCP schemas' RequestId has no null member, so such an
    // error response is validated with the id left out of the check.
    let subject = msg;
    if ('error' in msg && msg.id === null) subject = { ...msg, id: 0 };
    fail(v.check('JSONRPCMessage', subject), 'JSONRPCMessage');

    if ('result' in msg || 'error' in msg) {
      const key = idKey(msg.id);
      const method = this.pending.get(key);
      if (msg.id !== null && msg.id !== undefined) {
        if (method === undefined) {
          fail([`response id ${key} answers no outstanding request (unknown or answered twice)`], 'response');
        }
        this.pending.delete(key);
      }
      if ('result' in msg && method !== undefined) {
        const target = v.resultDefinitionFor(method);
        if (target) fail(v.check(target.def, target.whole ? msg : msg.result), `result of ${method}`);
        fail(v.unknownFields(method, msg.result), `result of ${method}`);
      }
      if ('error' in msg && msg.error && msg.error.code === -32022 && v.has('UnsupportedProtocolVersionError')) {
        fail(v.check('UnsupportedProtocolVersionError', subject), 'error -32022');
      }
      return;
    }
    if (typeof msg.method === 'string') {
      const isRequest = 'id' in msg;
      const def = isRequest ? v.requestDefs.get(msg.method) : v.notificationDefs.get(msg.method);
      if (!def) {
        fail([`${isRequest ? 'request' : 'notification'} method ${msg.method} is not defined by this revision`], 'server message');
        return;
      }
      fail(v.check(def, msg), def);
    }
  }
}

export function truncate(s, n = 400) {
  const str = typeof s === 'string' ? s : JSON.stringify(s);
  return str.length > n ? `${str.slice(0, n)}… (${str.length} chars)` : str;
}
