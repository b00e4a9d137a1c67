/** Rubric grading: the model used as a reward model (rubric + question + candidate answer → scores). */
import type { TemplateFamilyDef } from './compose';
import { FAMILY } from './families';

export const GRADING_EN: TemplateFamilyDef = {
  id: 'grading-en',
  lang: 'en',
  detection: [FAMILY.grading],
  orders: [
    ['intro', 'payload', 'ask', 'format'],
    ['intro', 'ask', 'payload', 'format'],
    ['payload', 'ask', 'format'],
  ],
  joiners: ['\n\n', '\n'],
  parts: {
    intro: [
      'You are a strict grader for model outputs.',
      'Act as a reward model that scores responses.',
      'You are an expert evaluator. Assess the candidate response below.',
      'Your job is to grade an answer against a rubric.',
      'Role: scoring assistant for a model-training pipeline.',
      'Please evaluate the following response as a meticulous examiner.',
      'You are a quality rater. Judge the answer objectively.',
      'We need a numeric score for the response below.',
    ],
    payload: [
      'Question:\n{question}\n\nCandidate answer:\n{candidate}\n\nRubric:\n{rubric}',
      '[Rubric]\n{rubric}\n[Question]\n{question}\n[Response]\n{candidate}',
      '### Scoring rubric\n{rubric}\n### Prompt\n{question}\n### Model response\n{candidate}',
      '<rubric>{rubric}</rubric>\n<question>{question}</question>\n<response>{candidate}</response>',
      'Prompt given to the model: {question}\nModel output: {candidate}\nCriteria:\n{rubric}',
      'QUESTION: {question}\nANSWER TO GRADE: {candidate}\nGRADING GUIDE: {rubric}',
      'Here is the task:\n{question}\n\nHere is the submission:\n{candidate}\n\nUse this rubric:\n{rubric}',
      'Rubric -> {rubric}\nUser question -> {question}\nAssistant answer -> {candidate}',
    ],
    ask: [
      'Score the response on each rubric criterion and give a total.',
      'Assign a score from 1 to 10 for every criterion, then an overall score.',
      'Grade the answer strictly according to the rubric.',
      'Rate the candidate answer against each item of the rubric and justify each rating briefly.',
      'Evaluate the submission with the rubric and output per-criterion points.',
      'Decide how many points the answer earns under each criterion.',
      'Give a reward score for this response using the rubric above.',
      'Judge the response item by item and compute the final grade.',
    ],
    format: [
      'Output only JSON: {"scores": {...}, "total": n}.',
      'Respond in the format "Score: X/10" followed by one sentence of justification.',
      'Return the final score as [[n]].',
      'Give the scores as a table, then the total on the last line.',
      'Output a single integer between 0 and 10 on the last line.',
      'Be concise: criterion, score, reason.',
      'Your answer must end with "Final score: <n>".',
      'List the scores as criterion=value pairs separated by semicolons.',
    ],
  },
};

export const GRADING_ZH: TemplateFamilyDef = {
  id: 'grading-zh',
  lang: 'zh',
  detection: [FAMILY.grading],
  orders: [
    ['intro', 'payload', 'ask', 'format'],
    ['intro', 'ask', 'payload', 'format'],
    ['payload', 'ask', 'format'],
  ],
  joiners: ['\n\n', '\n'],
  parts: {
    intro: [
      '你是一名严格的模型输出评分员。',
      '请扮演奖励模型，为回答打分。',
      '你是一位资深评测专家，请评估下面的候选回答。',
      '你的任务是根据评分标准给回答打分。',
      '角色：模型训练流程中的评分助手。',
      '请像一位严谨的阅卷老师一样评估下面的回答。',
      '你是质量评估员，请客观地评判这个回答。',
      '我们需要为下面的回答给出一个数值分数。',
    ],
    payload: [
      '问题：\n{question}\n\n候选回答：\n{candidate}\n\n评分标准：\n{rubric}',
      '【评分标准】\n{rubric}\n【问题】\n{question}\n【回答】\n{candidate}',
      '### 评分细则\n{rubric}\n### 题目\n{question}\n### 模型回答\n{candidate}',
      '<评分标准>{rubric}</评分标准>\n<问题>{question}</问题>\n<回答>{candidate}</回答>',
      '给模型的问题：{question}\n模型输出：{candidate}\n评价维度：\n{rubric}',
      '问题：{question}\n待评分答案：{candidate}\n评分指南：{rubric}',
      '任务如下：\n{question}\n\n提交的答案：\n{candidate}\n\n请使用以下标准：\n{rubric}',
      '评分标准 -> {rubric}\n用户问题 -> {question}\n助手回答 -> {candidate}',
    ],
    ask: [
      '请按照每一项评分标准给回答打分，并给出总分。',
      '请为每个维度打1到10分，然后给出总体得分。',
      '请严格依据评分标准给该回答评分。',
      '请逐项对照评分标准评价候选回答，并简要说明理由。',
      '请用上述标准评估该答案，并输出各项得分。',
      '请判断该回答在每个维度上应得多少分。',
      '请根据评分标准给出这个回答的奖励分数。',
      '请逐条评判该回答并计算最终成绩。',
    ],
    format: [
      '只输出JSON：{"scores": {...}, "total": n}。',
      '请按“得分：X/10”的格式输出，并附一句理由。',
      '最终分数请用[[n]]表示。',
      '先用表格列出各项得分，最后一行给出总分。',
      '最后一行只输出一个0到10之间的整数。',
      '简洁作答：维度、分数、理由。',
      '回答必须以“最终得分：<n>”结尾。',
      '以“维度=分数”的形式列出，用分号分隔。',
    ],
  },
};

/** Rubrics the crew pastes into the `{rubric}` slot (payload, not template text). */
export const RUBRICS_EN: readonly string[] = [
  '1. Correctness (0-4): is the final result right?\n2. Reasoning (0-3): are the steps valid?\n3. Clarity (0-3): is it easy to follow?',
  '- Accuracy: 5 points\n- Completeness: 3 points\n- Conciseness: 2 points',
  'Helpfulness 1-5; Harmlessness 1-5; Honesty 1-5.',
  'Criterion A (factual accuracy, 0-10). Criterion B (instruction following, 0-10). Criterion C (style, 0-5).',
  '(a) Solves the task (0/1) (b) Handles edge cases (0-2) (c) Code quality (0-2) (d) Explanation (0-1)',
  'Score 10 if fully correct and well explained; 7 if correct with minor gaps; 4 if partially correct; 0 if wrong.',
  'Relevance /4, Depth /3, Safety /3',
  'Points: correct answer (6), shows work (2), no hallucinated facts (2).',
];

export const RUBRICS_ZH: readonly string[] = [
  '1. 正确性（0-4分）：最终结果是否正确？\n2. 推理（0-3分）：步骤是否合理？\n3. 清晰度（0-3分）：是否易于理解？',
  '- 准确性：5分\n- 完整性：3分\n- 简洁性：2分',
  '有用性1-5分；无害性1-5分；诚实性1-5分。',
  '维度A（事实准确，0-10分）；维度B（遵循指令，0-10分）；维度C（语言风格，0-5分）。',
  '完全正确且解释清楚得10分；正确但略有缺漏得7分；部分正确得4分；错误得0分。',
  '相关性/4，深度/3，安全性/3',
  '答案正确（6分），有解题过程（2分），无编造事实（2分）。',
  '（1）是否解决问题（0/1）（2）是否考虑边界情况（0-2）（3）表达是否通顺（0-2）',
];
