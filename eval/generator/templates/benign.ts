/**
 * Phrasings of honest users: prompts that merely *use* reasoning, follow-up turns, Chinese everyday
 * prompts written for this generator, and the honest LLM-judge team's own templates.
 */
import type { JudgeTemplate } from '../sources';

/** Study-help wrappers many honest users type; `{question}` is the question they ask. */
export const COT_EN: readonly string[] = [
  "{question}\nLet's think step by step.",
  'Think step by step: {question}',
  '{question} Please explain your reasoning.',
  'Can you solve this and show your work? {question}',
  "I'm stuck on my homework: {question} Could you walk me through it?",
  '{question}\n\nExplain how you got the answer so I can learn it.',
  'Help me understand this problem step by step. {question}',
  '{question} Think carefully before answering.',
  'Solve: {question}',
  '{question}\nShow the steps please, my teacher wants the working.',
  'Quick one — {question} (explain briefly)',
  'What is the answer to this? {question} Walk me through the logic.',
];

export const COT_ZH: readonly string[] = [
  '{question}\n请一步一步地思考。',
  '请逐步解答：{question}',
  '{question} 请说明你的解题思路。',
  '这道题我不会做：{question} 能给我讲讲吗？',
  '{question}\n请写出详细步骤，我想学会这类题。',
  '帮我分析一下这道题：{question}',
  '{question} 请先想清楚再回答。',
  '解答：{question}',
];

export const FOLLOW_UPS_EN: readonly string[] = [
  'Can you make that shorter?',
  'Thanks! Could you give an example?',
  'That is not quite what I meant. Can you try again with a more formal tone?',
  'Why is that?',
  'Can you explain the second point in more detail?',
  'Great, now translate it into French.',
  'What would change if the budget were halved?',
  'Please turn this into a bulleted list.',
  'Is there a simpler way to do it?',
  'OK. And what are the risks?',
];

export const FOLLOW_UPS_ZH: readonly string[] = [
  '能再简短一点吗？',
  '谢谢！能举个例子吗？',
  '不太对，能换个正式一点的语气吗？',
  '为什么呢？',
  '第二点能详细说说吗？',
  '好的，请翻译成英文。',
  '有没有更简单的方法？',
  '请整理成要点列表。',
];

/** Everyday Chinese requests written for this generator (permissively usable in samples). */
export const BENIGN_ZH_OWN: readonly string[] = [
  '帮我写一封请假邮件，理由是家里有事，需要请两天假。',
  '推荐几本适合初学者的Python入门书。',
  '周末去杭州玩两天，帮我规划一下行程。',
  '怎么用Excel把两列数据合并成一列？',
  '给我解释一下什么是通货膨胀。',
  '写一首关于秋天的五言绝句。',
  '我的猫最近不爱吃东西，可能是什么原因？',
  '如何提高英语口语水平？',
  '帮我把这段话改得更通顺：我们团队在过去一年里取得了很多的成绩和进步。',
  'Git 里 rebase 和 merge 有什么区别？',
  '给一个五岁的孩子讲一个关于勇气的小故事。',
  '面试时被问到自己的缺点应该怎么回答？',
  '用SQL查询每个部门工资最高的员工。',
  '解释一下光合作用的过程。',
  '做红烧肉需要哪些材料？步骤是什么？',
  '帮我写一段产品介绍，产品是一款降噪耳机。',
  '如何在Linux上查看某个端口被哪个进程占用？',
  '总结一下《三体》第一部的主要情节。',
  '比较一下租房和买房的优缺点。',
  '怎样才能养成早起的习惯？',
];

/** Everyday English requests written for this generator (for samples that must avoid non-commercial sets). */
export const BENIGN_EN_OWN: readonly string[] = [
  'Write a polite email asking my landlord to fix the heating.',
  'What is the difference between a list and a tuple in Python?',
  'Plan a three-day trip to Lisbon on a modest budget.',
  'Summarize the causes of the French Revolution in five bullet points.',
  'How do I center a div horizontally and vertically with CSS?',
  'Suggest a name for a bakery that specializes in sourdough.',
  'Explain what a mortgage offset account is.',
  'Write a haiku about a rainy Monday.',
  'My tomato plants have yellow leaves. What could be wrong?',
  'How can I convert a pandas DataFrame column from string to datetime?',
  'Give me a 20-minute bodyweight workout.',
  'Draft a short toast for my sister’s wedding.',
  'What are good questions to ask at the end of a job interview?',
  'Explain recursion to a beginner with an example.',
  'Rewrite this sentence to sound more confident: I think maybe we could try the new process.',
  'Compare PostgreSQL and MySQL for a small web app.',
  'What should I pack for a week of hiking in Scotland in May?',
  'How does compound interest work?',
  'Write a bash one-liner that counts lines in all .ts files.',
  'Give me three ideas for a team-building activity that is not awkward.',
];

/** The honest evaluation team's own grading templates (one fixed wording each, reused verbatim). */
export const OWN_JUDGE_TEMPLATES: readonly JudgeTemplate[] = [
  {
    name: 'team-helpfulness-v3',
    template:
      'We are evaluating our fine-tuned checkpoint. Rate the assistant reply for helpfulness on a 1-10 scale and explain the main weakness.\n\nUser prompt:\n{question}\n\nAssistant reply:\n{answer}',
    lang: 'en',
  },
  {
    name: 'team-correctness-v2',
    template:
      'Compare the model answer with the reference and say whether it is correct (yes/no) with one sentence of reasoning.\nQuestion: {question}\nReference: {ref_answer_1}\nModel answer: {answer}',
    lang: 'en',
  },
];
