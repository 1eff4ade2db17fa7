import { describe, expect, it } from 'vitest';
import { redactDeep, redactText } from './redact';

describe('redactText', () => {
  it('redacts paths but keeps the file name and library-relative paths', () => {
    expect(redactText('Loading /home/alice/models/Llama-3.1-8B now')).toBe('Loading <path>/Llama-3.1-8B now');
    expect(redactText('File "/opt/conda/lib/python3.10/site-packages/vllm/worker/worker.py", line 3')).toBe(
      'File "<path>/site-packages/vllm/worker/worker.py", line 3',
    );
    expect(redactText(String.raw`C:\Users\bob\logs\vllm.log`)).toBe(String.raw`<path>\vllm.log`);
    expect(redactText('see ~/work/run.sh')).toBe('see <path>/run.sh');
  });

  it('redacts IP addresses except loopback and any-address', () => {
    expect(redactText('connect to 10.1.2.33:29500 failed')).toBe('connect to <ip>:29500 failed');
    expect(redactText('listening on 0.0.0.0:8000 and 127.0.0.1')).toBe(
      'listening on 0.0.0.0:8000 and 127.0.0.1',
    );
    expect(redactText('peer fe80::1ff:fe23:4567:890a down')).toBe('peer <ip> down');
  });

  it('does not mistake versions and times for addresses', () => {
    expect(redactText('vLLM 0.6.3 at 12:34:56 with torch 2.4.0')).toBe(
      'vLLM 0.6.3 at 12:34:56 with torch 2.4.0',
    );
  });

  it('redacts host names, but not public documentation hosts or python modules', () => {
    expect(redactText('ssh gpu-node-3.cluster.example.com')).toBe('ssh <host>');
    expect(redactText('root@gpu-node-3:~# vllm serve')).toBe('root@<host>:~# vllm serve');
    expect(
      redactText('see https://docs.vllm.ai/en/latest/ and https://github.com/vllm-project/vllm/issues/1'),
    ).toBe('see https://docs.vllm.ai/en/latest/ and https://github.com/vllm-project/vllm/issues/1');
    expect(redactText('in vllm.engine.llm_engine module')).toBe('in vllm.engine.llm_engine module');
    expect(redactText('GET http://10.0.0.5:8000/v1/models')).toBe('GET http://<host>:<port>/…');
  });

  it('redacts tokens and keyed secrets', () => {
    expect(redactText('HF_TOKEN=hf_abcdefghijklmnopqrstuvwxyz123')).toBe('HF_TOKEN=<secret>');
    expect(redactText('--api-key sk-1234567890abcdefghij')).toBe('--api-key <secret>');
    expect(redactText('Authorization: Bearer abc.def.ghi12345')).toBe('Authorization: <secret>');
    expect(redactText('mail bob@example.com')).toBe('mail <email>');
  });

  it('walks objects', () => {
    expect(redactDeep({ a: ['/home/x/y/z.log'], n: 3 })).toEqual({ a: ['<path>/z.log'], n: 3 });
  });
});
