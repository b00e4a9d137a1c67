import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { detectAdapter } from '../../src/core/formats';
import { attachSpans, rawRangeOfText } from '../../src/core/spans';
import type { NormalizedRecord, Signal } from '../../src/core/types';
import { fixturesDir } from '../support/paths';

/** Records as the fixtures expect them, without the location fields every record has. */
type Expected = Omit<NormalizedRecord, 'file' | 'line' | 'bytes'> | string;

interface FixtureCase {
  file: string;
  adapter: string;
  fields: Record<string, string>;
  missing: Signal[];
  records: Expected[];
}

export function readFixture(file: string): { lines: string[]; values: unknown[]; offsets: Array<[number, number]> } {
  const text = fs.readFileSync(path.join(fixturesDir(), 'formats', file), 'utf8');
  const lines = text.split('\n').filter((l) => l !== '');
  const offsets: Array<[number, number]> = [];
  let byte = 0;
  for (const line of lines) {
    const length = Buffer.byteLength(line, 'utf8');
    offsets.push([byte, byte + length]);
    byte += length + 1;
  }
  return { lines, values: lines.map((l) => JSON.parse(l) as unknown), offsets };
}

/** The decoded text a span covers in the raw line (decoded twice when it sits inside JSON text held by a string). */
function spanText(raw: string, span: [number, number], levels: 1 | 2 = 1): string {
  const once = JSON.parse(`"${raw.slice(span[0], span[1])}"`) as string;
  return levels === 1 ? once : (JSON.parse(`"${once}"`) as string);
}

const CASES: FixtureCase[] = [
  {
    file: 'anthropic-batch-request.jsonl',
    adapter: 'anthropic-batch-request',
    fields: {
      account: "params.metadata.user_id",
      model: "params.model",
      prompt: "params.messages[-1].content"
    },
    missing: ["time","org","payment","ip","userAgent"],
    records: [
      {
        turns: [
          {
            role: "user",
            text: "Why is the city council so incompetent?",
            path: ["params", "messages", 0, "content"]
          }
        ],
        turnCount: 1,
        promptIndex: 0,
        account: "acct-22",
        model: "claude-haiku-4-5",
        system: "Rewrite the question so it is neutral.",
        systemPath: ["params", "system"]
      },
      {
        turns: [
          {
            role: "user",
            text: "为什么这个政策这么糟糕？",
            path: ["params", "messages", 0, "content", 0, "text"]
          }
        ],
        turnCount: 1,
        promptIndex: 0,
        account: "acct-23",
        model: "claude-haiku-4-5",
        system: "Rewrite the question so it is neutral.",
        systemPath: ["params", "system"]
      }
    ],
  },
  {
    file: 'anthropic-batch-result.jsonl',
    adapter: 'anthropic-batch-result',
    fields: {
      model: "result.message.model",
      response: "result.message.content"
    },
    missing: ["time","account","org","payment","ip","userAgent"],
    records: [
      {
        turns: [],
        turnCount: 0,
        promptIndex: -1,
        model: "claude-haiku-4-5-20251001",
        response: "What are the main criticisms of the city council's recent decisions?",
        stopReason: "end_turn",
        usage: { inputTokens: 40, outputTokens: 16 }
      },
      {
        turns: [],
        turnCount: 0,
        promptIndex: -1,
        stopReason: "errored"
      }
    ],
  },
  {
    file: 'anthropic-messages.jsonl',
    adapter: 'anthropic-messages',
    fields: {
      time: "created_at",
      account: "request.metadata.user_id",
      ip: "client_ip",
      model: "request.model",
      prompt: "request.messages[-1].content",
      response: "response.content"
    },
    missing: ["org","payment","userAgent"],
    records: [
      {
        turns: [
          {
            role: "user",
            text: "Rubric: correctness (0-5), clarity (0-5).\nQuestion: What is 2+2?\nCandidate answer: 4",
            path: ["request", "messages", 0, "content"]
          }
        ],
        turnCount: 1,
        promptIndex: 0,
        time: 1770800400000,
        account: "user_8d2",
        ip: "198.51.100.7",
        model: "claude-sonnet-4-5",
        system: "You are a strict grader.\nReply with a score only.",
        response: "Score: 10/10",
        stopReason: "end_turn",
        usage: { inputTokens: 120, outputTokens: 9 }
      },
      {
        turns: [
          {
            role: "user",
            text: "查询北京明天的天气",
            path: ["request", "messages", 0, "content"]
          },
          {
            role: "assistant",
            text: "我来查一下。",
            path: ["request", "messages", 1, "content", 0, "text"],
            toolCalls: [
              {
                name: "get_weather",
                arguments: "{\"city\":\"北京\"}"
              }
            ]
          },
          {
            role: "tool",
            text: "晴，最高 5°C",
            path: ["request", "messages", 2, "content", 0, "content"]
          }
        ],
        turnCount: 2,
        promptIndex: 0,
        time: 1770800407000,
        account: "user_3b1",
        ip: "198.51.100.8",
        model: "claude-sonnet-4-5",
        system: "你是一个天气助手。",
        systemPath: ["request", "system"],
        response: "北京明天晴，最高气温 5°C。",
        stopReason: "end_turn",
        usage: { inputTokens: 310, outputTokens: 18 }
      }
    ],
  },
  {
    file: 'chat-completions.jsonl',
    adapter: 'chat-completions',
    fields: {
      time: "timestamp",
      account: "request.user",
      ip: "request.metadata.ip_address",
      userAgent: "request.metadata.user_agent",
      model: "request.model",
      prompt: "request.messages[-1].content",
      response: "response.choices[0].message.content"
    },
    missing: ["org","payment"],
    records: [
      {
        turns: [
          {
            role: "user",
            text: "What is 17 * 23?",
            path: ["request", "messages", 1, "content"]
          },
          {
            role: "assistant",
            text: "391",
            path: ["request", "messages", 2, "content"]
          },
          {
            role: "user",
            text: "Now explain \"why\" step by step,\nshowing every line.",
            path: ["request", "messages", 3, "content"]
          }
        ],
        turnCount: 3,
        promptIndex: 2,
        time: 1770711330250,
        account: "acct_7f3a",
        ip: "203.0.113.24",
        userAgent: "python-httpx/0.27.0",
        model: "gpt-4o-mini",
        system: "You are a careful math tutor.",
        systemPath: ["request", "messages", 0, "content"],
        response: "17 * 23 = 17*20 + 17*3 = 340 + 51 = 391.",
        stopReason: "stop",
        usage: { inputTokens: 58, outputTokens: 21 }
      },
      {
        turns: [
          {
            role: "user",
            text: "请一步一步解释：为什么天空是蓝色的？\t（详细）",
            path: ["request", "messages", 0, "content", 0, "text"]
          }
        ],
        turnCount: 1,
        promptIndex: 0,
        time: 1770711362000,
        account: "acct_91c0",
        ip: "198.51.100.14",
        userAgent: "OpenAI/Python 1.52.0",
        model: "gpt-4o-mini",
        response: "因为瑞利散射使短波长的蓝光散射得更多。",
        stopReason: "length",
        usage: { inputTokens: 40, outputTokens: 30 }
      },
      {
        turns: [
          {
            role: "user",
            text: "Grade the answer below from 1 to 10.\nAnswer: Paris is the capital of France."
          }
        ],
        turnCount: 1,
        promptIndex: 0,
        time: 1770711465000,
        account: "acct_7f3a",
        ip: "203.0.113.24",
        userAgent: "python-httpx/0.27.0",
        model: "gpt-4o",
        stopReason: "tool_calls",
        usage: { inputTokens: 33, outputTokens: 12 }
      }
    ],
  },
  {
    file: 'flat.jsonl',
    adapter: 'flat',
    fields: {
      time: "ts",
      account: "user_id",
      org: "org_id",
      payment: "billing.card_fingerprint",
      ip: "x_forwarded_for",
      userAgent: "user_agent",
      model: "model",
      prompt: "prompt",
      response: "response"
    },
    missing: [],
    records: [
      {
        turns: [
          {
            role: "user",
            text: "Explain, step by step, how you reached your answer:\n\"42\"",
            path: ["prompt"]
          }
        ],
        turnCount: 1,
        promptIndex: 0,
        time: 1770900000000,
        account: "u-1",
        org: "org-7",
        payment: "fp_9a8b7c",
        ip: "203.0.113.9",
        userAgent: "curl/8.5.0",
        model: "local-llama",
        response: "I multiplied 6 by 7."
      },
      {
        turns: [
          {
            role: "user",
            text: "写一首关于春天的诗 🌸",
            path: ["prompt"]
          }
        ],
        turnCount: 1,
        promptIndex: 0,
        time: 1770900000500,
        account: "u-2",
        org: "org-7",
        payment: "fp_1c2d3e",
        ip: "198.51.100.200",
        userAgent: "curl/8.5.0",
        model: "local-llama",
        response: "春风拂面..."
      },
      "no prompt text at prompt"
    ],
  },
  {
    file: 'gemini.jsonl',
    adapter: 'gemini',
    fields: {
      time: "timestamp",
      account: "metadata.user_id",
      ip: "client_ip",
      model: "response.modelVersion",
      prompt: "request.contents[-1].parts",
      response: "response.candidates[0].content.parts"
    },
    missing: ["org","payment","userAgent"],
    records: [
      {
        turns: [
          {
            role: "user",
            text: "Who built the Great Library of Alexandria?",
            path: ["request", "contents", 0, "parts", 0, "text"]
          },
          {
            role: "assistant",
            text: "It was founded under the Ptolemies.",
            path: ["request", "contents", 1, "parts", 0, "text"]
          },
          {
            role: "user",
            text: "Walk me through your reasoning,\tstep by step.",
            path: ["request", "contents", 2, "parts", 0, "text"]
          }
        ],
        turnCount: 3,
        promptIndex: 2,
        time: 1771117323500,
        account: "gem-user-1",
        ip: "192.0.2.80",
        model: "gemini-2.5-flash",
        system: "Answer as a historian.",
        systemPath: ["request", "systemInstruction", "parts", 0, "text"],
        response: "Sources credit Ptolemy I and Ptolemy II.",
        stopReason: "STOP",
        usage: { inputTokens: 41, outputTokens: 12 }
      },
      {
        turns: [
          {
            role: "user",
            text: "秦始皇统一六国用了多少年？",
            path: ["request", "contents", 0, "parts", 0, "text"]
          }
        ],
        turnCount: 1,
        promptIndex: 0,
        time: 1771117329000,
        account: "gem-user-2",
        ip: "192.0.2.81",
        model: "gemini-2.5-flash",
        response: "大约十年（公元前230年至前221年）。",
        stopReason: "STOP",
        usage: { inputTokens: 300, outputTokens: 20 }
      }
    ],
  },
  {
    file: 'helicone.jsonl',
    adapter: 'helicone',
    fields: {
      time: "request_created_at",
      account: "request_user_id",
      model: "model",
      prompt: "request_body.messages[-1].content",
      response: "response_body.choices[0].message.content"
    },
    missing: ["org","payment","ip","userAgent"],
    records: [
      {
        turns: [
          {
            role: "user",
            text: "Explain recursion with an example.",
            path: ["request_body", "messages", 1, "content"]
          }
        ],
        turnCount: 1,
        promptIndex: 0,
        time: 1770951845000,
        account: "hel-user-5",
        model: "gpt-4o-2024-08-06",
        system: "Be concise.",
        systemPath: ["request_body", "messages", 0, "content"],
        response: "A function that calls itself, e.g. factorial(n) = n * factorial(n-1).",
        stopReason: "stop",
        usage: { inputTokens: 18, outputTokens: 25 }
      },
      {
        turns: [
          {
            role: "user",
            text: "什么是递归？",
            path: ["request_body", "messages", 0, "content"]
          }
        ],
        turnCount: 1,
        promptIndex: 0,
        time: 1770951849000,
        account: "hel-user-6",
        model: "claude-sonnet-4-5",
        system: "用中文回答。",
        systemPath: ["request_body", "system"],
        response: "递归是函数调用自身。",
        stopReason: "end_turn",
        usage: { inputTokens: 20, outputTokens: 10 }
      }
    ],
  },
  {
    file: 'langfuse-camel.jsonl',
    adapter: 'langfuse',
    fields: {
      time: "timestamp",
      account: "userId",
      userAgent: "metadata.user_agent",
      prompt: "input",
      response: "output"
    },
    missing: ["org","payment","ip","model"],
    records: [
      {
        turns: [
          {
            role: "user",
            text: "How do vaccines train the immune system?",
            path: ["input", "question"]
          }
        ],
        turnCount: 1,
        promptIndex: 0,
        time: 1770894000000,
        account: "camel-user-1",
        userAgent: "Mozilla/5.0 (X11; Linux x86_64)",
        response: "They expose it to a harmless piece of a pathogen."
      },
      {
        turns: [
          {
            role: "user",
            text: "解释一下光合作用",
            path: ["input"]
          }
        ],
        turnCount: 1,
        promptIndex: 0,
        time: 1770894009000,
        account: "camel-user-2",
        userAgent: "Mozilla/5.0 (Macintosh)",
        response: "植物利用光能把二氧化碳和水转化为葡萄糖。"
      }
    ],
  },
  {
    file: 'langfuse.jsonl',
    adapter: 'langfuse',
    fields: {
      time: "start_time",
      account: "user_id",
      ip: "metadata.ip",
      model: "provided_model_name",
      prompt: "input",
      response: "output"
    },
    missing: ["org","payment","userAgent"],
    records: [
      {
        turns: [
          {
            role: "user",
            text: "Write two lines about autumn.",
            path: ["input", 1, "content"]
          }
        ],
        turnCount: 1,
        promptIndex: 0,
        time: 1770890400000,
        account: "lf-user-3",
        ip: "192.0.2.55",
        model: "qwen-max",
        system: "You are a poet.",
        systemPath: ["input", 0, "content"],
        response: "Leaves let go of summer's hand,\nand drift like letters through the land.",
        usage: { inputTokens: 22, outputTokens: 19 }
      },
      {
        turns: [
          {
            role: "user",
            text: "用三句话介绍长城。",
            path: ["input", "messages", 0, "content"]
          }
        ],
        turnCount: 1,
        promptIndex: 0,
        time: 1770890700000,
        account: "lf-user-4",
        ip: "192.0.2.56",
        model: "qwen-max",
        response: "长城是中国古代的防御工程。",
        usage: { inputTokens: 15, outputTokens: 12 }
      }
    ],
  },
  {
    file: 'langsmith.jsonl',
    adapter: 'langsmith',
    fields: {
      time: "start_time",
      account: "extra.metadata.user_id",
      model: "extra.metadata.ls_model_name",
      prompt: "inputs",
      response: "outputs"
    },
    missing: ["org","payment","ip","userAgent"],
    records: [
      {
        turns: [
          {
            role: "user",
            text: "Translate 'good morning' into Spanish.",
            path: ["inputs", "messages", 0, 1, "kwargs", "content"]
          }
        ],
        turnCount: 1,
        promptIndex: 0,
        time: 1771070400123,
        account: "ls-user-1",
        model: "gpt-4o-mini",
        system: "You are helpful.",
        systemPath: ["inputs", "messages", 0, 0, "kwargs", "content"],
        stopReason: "stop",
        response: "Buenos días",
        usage: { inputTokens: 20, outputTokens: 4 }
      },
      {
        turns: [
          {
            role: "user",
            text: "上海的人口是多少？",
            path: ["inputs", "question"]
          }
        ],
        turnCount: 1,
        promptIndex: 0,
        time: 1771070460000,
        account: "ls-user-2",
        response: "大约两千五百万。"
      }
    ],
  },
  {
    file: 'openai-batch-input.jsonl',
    adapter: 'openai-batch-input',
    fields: {
      account: "body.metadata.user_id",
      org: "body.metadata.org_id",
      model: "body.model",
      prompt: "body.messages[-1].content"
    },
    missing: ["time","payment","ip","userAgent"],
    records: [
      {
        turns: [
          {
            role: "user",
            text: "Summarize the causes of the 1929 stock market crash.",
            path: ["body", "messages", 1, "content"]
          }
        ],
        turnCount: 1,
        promptIndex: 0,
        account: "u_100",
        org: "org_alpha",
        model: "gpt-4.1-mini",
        system: "Answer briefly.",
        systemPath: ["body", "messages", 0, "content"]
      },
      {
        turns: [
          {
            role: "user",
            text: "把下面这句话改写得更礼貌：\"快点把报告交上来\"",
            path: ["body", "messages", 0, "content"]
          }
        ],
        turnCount: 1,
        promptIndex: 0,
        account: "u_101",
        org: "org_alpha",
        model: "gpt-4.1-mini"
      }
    ],
  },
  {
    file: 'openai-batch-output.jsonl',
    adapter: 'openai-batch-output',
    fields: {
      time: "response.body.created",
      model: "response.body.model",
      response: "response.body.choices[0].message.content"
    },
    missing: ["account","org","payment","ip","userAgent"],
    records: [
      {
        turns: [],
        turnCount: 0,
        promptIndex: -1,
        time: 1770800000000,
        model: "gpt-4.1-mini-2025-04-14",
        response: "Over-leveraged speculation, bank failures and a collapse in demand.",
        stopReason: "stop",
        usage: { inputTokens: 31, outputTokens: 14 }
      },
      {
        turns: [],
        turnCount: 0,
        promptIndex: -1
      }
    ],
  },
  {
    file: 'openinference.jsonl',
    adapter: 'openinference',
    fields: {
      time: "start_time",
      account: "attributes[\"user.id\"]",
      model: "attributes[\"llm.model_name\"]",
      prompt: "attributes[\"llm.input_messages.N.message.content\"]",
      response: "attributes[\"llm.output_messages.N.message.content\"]"
    },
    missing: ["org","payment","ip","userAgent"],
    records: [
      {
        turns: [
          {
            role: "user",
            text: "Label: \"The update broke everything.\"",
            path: ["attributes", "llm.input_messages.1.message.content"]
          }
        ],
        turnCount: 1,
        promptIndex: 0,
        time: 1770962400500,
        account: "phx-user-1",
        model: "gpt-4o-mini",
        system: "You label sentiment.",
        systemPath: ["attributes", "llm.input_messages.0.message.content"],
        response: "negative",
        usage: { inputTokens: 25, outputTokens: 1 }
      },
      {
        turns: [
          {
            role: "user",
            text: "描述这张图片",
            path: ["attributes", "llm.input_messages.0.message.contents.0.message_content.text"]
          }
        ],
        turnCount: 1,
        promptIndex: 0,
        time: 1770962403000,
        account: "phx-user-2",
        model: "gpt-4o-mini",
        response: "一只猫坐在窗台上。",
        usage: { inputTokens: 300, outputTokens: 12 }
      }
    ],
  },
  {
    file: 'otel-genai-otlp.jsonl',
    adapter: 'otel-genai',
    fields: {
      time: "startTimeUnixNano",
      account: "attributes[\"enduser.id\"]",
      ip: "attributes[\"client.address\"]",
      model: "attributes[\"gen_ai.request.model\"]",
      prompt: "attributes[\"gen_ai.input.messages\"]",
      response: "attributes[\"gen_ai.output.messages\"]"
    },
    missing: ["org","payment","userAgent"],
    records: [
      {
        turns: [
          {
            role: "user",
            text: "请给出完整的思考过程：1+1=2",
            path: ["attributes", 5, "value", "stringValue"],
            innerPath: [0, "parts", 0, "content"]
          }
        ],
        turnCount: 1,
        promptIndex: 0,
        time: 1770890000000,
        account: "tenant-9",
        ip: "203.0.113.77",
        model: "qwen-max",
        stopReason: "stop",
        response: "首先……",
        usage: { inputTokens: 18, outputTokens: 40 }
      },
      {
        turns: [
          {
            role: "user",
            text: "Write a haiku about \"latency\".\nKeep it short.",
            path: ["attributes", 4, "value", "stringValue"]
          }
        ],
        turnCount: 1,
        promptIndex: 0,
        time: 1770890060000,
        account: "tenant-10",
        ip: "203.0.113.78",
        model: "gpt-3.5-turbo-instruct",
        response: "Packets wait in line",
        usage: { inputTokens: 12, outputTokens: 6 },
        stopReason: "stop"
      }
    ],
  },
  {
    file: 'otel-genai.jsonl',
    adapter: 'otel-genai',
    fields: {
      time: "startTimeUnixNano",
      account: "attributes[\"enduser.id\"]",
      ip: "attributes[\"client.address\"]",
      userAgent: "attributes[\"user_agent.original\"]",
      model: "attributes[\"gen_ai.request.model\"]",
      prompt: "attributes[\"gen_ai.input.messages\"]",
      response: "attributes[\"gen_ai.output.messages\"]"
    },
    missing: ["org","payment"],
    records: [
      {
        turns: [
          {
            role: "user",
            text: "List three prime numbers.",
            path: ["attributes", "gen_ai.input.messages", 0, "parts", 0, "content"]
          },
          {
            role: "assistant",
            text: "2, 3, 5",
            path: ["attributes", "gen_ai.input.messages", 1, "parts", 0, "content"]
          },
          {
            role: "user",
            text: "Now prove there are infinitely many, step by step.",
            path: ["attributes", "gen_ai.input.messages", 2, "parts", 0, "content"]
          }
        ],
        turnCount: 3,
        promptIndex: 2,
        time: 1770883200123,
        account: "otel-user-1",
        ip: "192.0.2.10",
        userAgent: "my-agent/2.1",
        model: "gpt-4o",
        system: "Be terse.",
        systemPath: ["attributes", "gen_ai.system_instructions", 0, "content"],
        stopReason: "stop",
        response: "Assume finitely many primes p1..pn; consider p1*...*pn + 1.",
        usage: { inputTokens: 52, outputTokens: 24 }
      },
      {
        turns: [
          {
            role: "user",
            text: "把“推理过程”翻译成英文",
            path: ["attributes", "gen_ai.prompt.1.content"]
          }
        ],
        turnCount: 1,
        promptIndex: 0,
        time: 1770883260000,
        account: "otel-user-2",
        ip: "192.0.2.11",
        model: "gpt-4o-mini",
        system: "你是翻译。",
        systemPath: ["attributes", "gen_ai.prompt.0.content"],
        response: "reasoning process",
        stopReason: "stop",
        usage: { inputTokens: 20, outputTokens: 3 }
      },
      {
        turns: [
          {
            role: "user",
            text: "Say hello.",
            path: ["events", 1, "attributes", "content"]
          }
        ],
        turnCount: 1,
        promptIndex: 0,
        time: 1770883320000,
        account: "otel-user-1",
        ip: "192.0.2.10",
        model: "claude-3-5-haiku",
        system: "Answer in French.",
        systemPath: ["events", 0, "attributes", "content"],
        response: "Bonjour.",
        stopReason: "end_turn"
      }
    ],
  },
  {
    file: 'openai-responses.jsonl',
    adapter: 'openai-responses',
    fields: {
      time: "created_at",
      account: "user_id",
      ip: "ip",
      model: "request.model",
      prompt: "request.input[-1].content",
      response: "response.output[type=message].content[type=output_text].text"
    },
    missing: [
      "org",
      "payment",
      "userAgent"
    ],
    records: [
      {
        turns: [
          {
            role: "user",
            text: "Why is the sky blue?",
            path: [
              "request",
              "input"
            ]
          }
        ],
        turnCount: 1,
        promptIndex: 0,
        time: 1771146000000,
        account: "r-user-1",
        ip: "198.51.100.20",
        model: "gpt-4.1",
        system: "You are a patient tutor.\nShow your reasoning.",
        systemPath: [
          "request",
          "instructions"
        ],
        response: "Rayleigh scattering: shorter wavelengths scatter more.",
        stopReason: "completed",
        usage: {
          inputTokens: 30,
          outputTokens: 12
        }
      },
      {
        turns: [
          {
            role: "user",
            text: "查一下北京的天气",
            path: [
              "request",
              "input",
              1,
              "content",
              0,
              "text"
            ]
          },
          {
            role: "assistant",
            text: "",
            toolCalls: [
              {
                name: "get_weather",
                arguments: "{\"city\":\"北京\"}"
              }
            ]
          },
          {
            role: "tool",
            text: "{\"temp\":5}",
            path: [
              "request",
              "input",
              3,
              "output"
            ]
          },
          {
            role: "assistant",
            text: "北京 5°C。",
            path: [
              "request",
              "input",
              4,
              "content",
              0,
              "text"
            ]
          },
          {
            role: "user",
            text: "Explain \"step by step\" how you got it.",
            path: [
              "request",
              "input",
              5,
              "content",
              0,
              "text"
            ]
          }
        ],
        turnCount: 4,
        promptIndex: 4,
        time: 1771146060000,
        account: "r-user-2",
        ip: "198.51.100.21",
        model: "gpt-4.1-mini",
        system: "Answer in one line.",
        systemPath: [
          "request",
          "input",
          0,
          "content"
        ],
        response: "First I called",
        stopReason: "max_output_tokens",
        usage: {
          inputTokens: 80,
          outputTokens: 16
        }
      },
      {
        turns: [
          {
            role: "user",
            text: "Summarise: \"x\"\nthen stop.",
            path: [
              "request",
              "input"
            ]
          }
        ],
        turnCount: 1,
        promptIndex: 0,
        time: 1771146120000,
        account: "r-user-1",
        ip: "198.51.100.20",
        model: "gpt-4.1",
        response: "Done.",
        stopReason: "completed",
        usage: {
          inputTokens: 9,
          outputTokens: 2
        }
      }
    ]
  },
];

describe('formats: one fixture per export shape', () => {
  for (const c of CASES) {
    describe(c.file, () => {
      const { lines, values, offsets } = readFixture(c.file);
      const adapter = detectAdapter(values);

      it(`is detected as ${c.adapter}, with the fields used and the signals missing`, () => {
        assert.equal(adapter.name, c.adapter);
        assert.deepEqual(adapter.fields, c.fields);
        assert.deepEqual(adapter.missingSignals, c.missing);
      });

      it('normalizes every line to the full expected record', () => {
        values.forEach((value, i) => {
          const where = { file: c.file, line: i + 1, bytes: offsets[i] };
          const expected = c.records[i];
          const actual = adapter.normalize(value, where);
          if (typeof expected === 'string') assert.equal(actual, expected, `line ${i + 1}`);
          else assert.deepEqual(actual, { ...where, ...expected }, `line ${i + 1}`);
        });
      });

      it('locates the text of every turn that has a path inside the raw line', () => {
        values.forEach((value, i) => {
          const record = adapter.normalize(value, { file: c.file, line: i + 1, bytes: offsets[i] });
          if (typeof record === 'string') return;
          attachSpans(lines[i], record);
          for (const turn of record.turns) {
            if (!turn.path) continue;
            assert.ok(turn.span, `line ${i + 1}: no span for ${JSON.stringify(turn.path)}`);
            assert.equal(spanText(lines[i], turn.span, turn.innerPath ? 2 : 1), turn.text);
          }
        });
      });

      it('maps the whole system prompt and every whole located turn to raw columns', () => {
        values.forEach((value, i) => {
          const record = adapter.normalize(value, { file: c.file, line: i + 1, bytes: offsets[i] });
          if (typeof record === 'string') return;
          if (record.systemPath) {
            const span = rawRangeOfText(lines[i], record, 'system', 0, record.system!.length);
            assert.ok(span, `line ${i + 1}: system prompt not located at ${JSON.stringify(record.systemPath)}`);
            assert.equal(spanText(lines[i], span, record.systemInnerPath ? 2 : 1), record.system);
          }
          attachSpans(lines[i], record);
          record.turns.forEach((turn, k) => {
            if (turn.path) assert.deepEqual(rawRangeOfText(lines[i], record, k, 0, turn.text.length), turn.span);
          });
        });
      });
    });
  }
});
