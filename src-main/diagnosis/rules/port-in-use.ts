import { rulePattern } from '../patterns';
import { makeFix } from '../fix-commands';
import type { Rule } from '../rule-api';
import { defined, detectionOf, DOCS, firstGroup, num, settingNumber } from './helpers';

/** vLLM 0.5/0.6's internal ZMQ RPC port: moving --port does not free it. */
const VLLM_RPC_DEFAULT_PORT = 5570;

const ADDRESS_IN_USE = rulePattern(/Address already in use|EADDRINUSE|\[Errno (?:98|48|10048)\]/gi);
const BIND_ADDRESS = rulePattern(
  /bind on address \('[^']*', (?<port>\d+)(?:, \d+, \d+)?\)|tcp:\/\/[\w.]+:(?<port2>\d+)|port (?<port3>\d+) is (?:already )?in use/i,
);
/** A traceback that ends in a socket bind (the error line itself may be cut off in the paste). */
const BIND_FRAME = rulePattern(/(?:socket|self\.socket|sock)\.bind\(|in create_server_socket|in bind\b/gi);

export const portInUse: Rule = {
  meta: {
    id: 'port-in-use',
    title: 'The port is already taken',
    titleZh: '端口已被占用',
    docs: [DOCS.troubleshooting],
    specificity: 1,
  },
  detect(ctx) {
    const signals = [...ctx.signalsFor('port-in-use'), ...ctx.find('address-in-use', ADDRESS_IN_USE)];
    const readPort = (): number | undefined => {
      for (const signal of signals) {
        const line = ctx.doc.lineAt(signal.offset).text;
        const match = BIND_ADDRESS.exec(line);
        const port = num(match?.groups?.port ?? match?.groups?.port2 ?? match?.groups?.port3);
        if (port !== undefined) return port;
      }
      return num(firstGroup(signals, 'port'));
    };
    if (signals.length) return detectionOf(signals, 0.93, defined({ port: readPort() }));
    const binds = ctx.find('bind-frame', BIND_FRAME);
    return detectionOf(binds, 0.6, defined({ port: settingNumber(ctx.facts, 'port') }));
  },
  fix(detection, ctx) {
    const port = typeof detection.facts.port === 'number' ? detection.facts.port : undefined;
    const fixes = [];
    if (port !== undefined && port !== VLLM_RPC_DEFAULT_PORT) {
      fixes.push(
        makeFix(
          ctx.facts,
          `Port ${port} is taken: serve on another one (--port ${port + 1}), or stop what listens there (ss -ltnp | grep ${port}).`,
          `端口 ${port} 已被占用：换一个端口（--port ${port + 1}），或停止占用它的进程（ss -ltnp | grep ${port}）。`,
          { port: port + 1 },
        ),
      );
    }
    fixes.push(
      makeFix(
        ctx.facts,
        'A second vLLM on one machine also needs its own internal ports: give each instance a different --port and VLLM_PORT (older versions: VLLM_RPC_PORT), or stop the leftover instance.',
        '同一台机器上的第二个 vLLM 也需要不同的内部端口：为每个实例设置不同的 --port 和 VLLM_PORT（旧版本为 VLLM_RPC_PORT），或停止残留的实例。',
        {},
        { env: { VLLM_PORT: '29600', VLLM_RPC_PORT: '5580' } },
      ),
    );
    return fixes;
  },
};
