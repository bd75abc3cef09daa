// GB/T 42195-2022 老年人能力评估规范, Annex B: the 26 items in the standard's order, each option's
// score and wording in zh-CN and en. The forms render this data; the scorer validates against it.
// Wording follows public transcriptions of the standard (DOMAIN.md §1), shortened where the
// standard repeats itself; the scores and ranges are exact.

export const GBT_42195 = 'GB/T 42195-2022';

export type DimensionCode = 'B.1' | 'B.2' | 'B.3' | 'B.4';

export interface ScaleOption {
  score: number;
  zh: string;
  en: string;
}

export interface ScaleItem {
  code: string;
  dimension: DimensionCode;
  zh: string;
  en: string;
  /** Options from the best score down to 0. */
  options: readonly ScaleOption[];
}

export interface ScaleDimension {
  code: DimensionCode;
  zh: string;
  en: string;
  max: number;
}

export const DIMENSIONS: readonly ScaleDimension[] = [
  { code: 'B.1', zh: '自理能力', en: 'Self-care', max: 32 },
  { code: 'B.2', zh: '基础运动能力', en: 'Basic mobility', max: 15 },
  { code: 'B.3', zh: '精神状态', en: 'Mental state', max: 28 },
  { code: 'B.4', zh: '感知觉与社会参与', en: 'Perception and social participation', max: 15 },
];

const o = (score: number, zh: string, en: string): ScaleOption => ({ score, zh, en });

/** The standard's generic assistance scale (修饰, 洗澡, 穿/脱 ×2, 如厕, 床上体位转移, 床椅转移). */
const ASSISTANCE: readonly ScaleOption[] = [
  o(4, '独立完成，不需要协助', 'Does it alone, no help needed'),
  o(3, '在他人指导或提示下完成', 'Does it with guidance or prompting from others'),
  o(2, '需要他人协助，但以自身完成为主', 'Needs help, but does most of it themself'),
  o(1, '主要依靠他人协助，自身能给予配合', 'Relies mainly on help, and can cooperate'),
  o(0, '完全依赖他人协助，且不能给予配合', 'Fully dependent on help, and cannot cooperate'),
];

const generic = (code: string, dimension: DimensionCode, zh: string, en: string): ScaleItem => ({
  code,
  dimension,
  zh,
  en,
  options: ASSISTANCE,
});

export const ITEMS: readonly ScaleItem[] = [
  {
    code: 'B.1.1',
    dimension: 'B.1',
    zh: '进食',
    en: 'Eating',
    options: [
      o(4, '独立使用器具将食物送进口中并咽下，没有呛咳', 'Uses utensils to eat and swallow alone, no choking'),
      o(
        3,
        '在他人指导或提示下完成，或独立使用辅具，没有呛咳',
        'Eats with guidance or prompting, or alone with aids, no choking',
      ),
      o(
        2,
        '进食中需要少量接触式协助，偶尔（每月一次及以上）呛咳',
        'Needs a little hands-on help; chokes occasionally (monthly or more)',
      ),
      o(
        1,
        '在进食中需要大量接触式协助，经常（每周一次及以上）呛咳',
        'Needs much hands-on help; chokes often (weekly or more)',
      ),
      o(0, '完全依赖他人协助进食，或吞咽困难，或留置营养管', 'Fully fed by others, or cannot swallow, or tube-fed'),
    ],
  },
  generic('B.1.2', 'B.1', '修饰', 'Grooming'),
  generic('B.1.3', 'B.1', '洗澡', 'Bathing'),
  generic('B.1.4', 'B.1', '穿/脱上衣', 'Dressing (upper body)'),
  generic('B.1.5', 'B.1', '穿/脱裤子和鞋袜', 'Dressing (trousers, shoes and socks)'),
  {
    code: 'B.1.6',
    dimension: 'B.1',
    zh: '小便控制',
    en: 'Urinary control',
    options: [
      o(4, '可自行控制排尿，排尿次数、排尿控制均正常', 'Controls urination normally'),
      o(
        3,
        '白天可自行控制排尿，夜间排尿次数增多、控制较差，或自行使用尿布、尿垫等',
        'Controls it by day; worse at night, or uses pads alone',
      ),
      o(
        2,
        '白天大部分时间可自行控制，偶有尿失禁（每天<1次，但每周>1次），或需少量协助使用尿垫',
        'Mostly controls it by day; incontinent more than weekly but less than daily, or a little help with pads',
      ),
      o(
        1,
        '白天大部分时间不能控制（每天≥1次，但尚非完全失控），夜间尿失禁，或需大量协助使用尿垫',
        'Incontinent daily but not completely, incontinent at night, or much help with pads',
      ),
      o(0, '小便失禁，完全不能控制排尿，或留置导尿管', 'Fully incontinent, or has a catheter'),
    ],
  },
  {
    code: 'B.1.7',
    dimension: 'B.1',
    zh: '大便控制',
    en: 'Bowel control',
    options: [
      o(4, '可正常自行控制大便排出', 'Controls bowel movements normally'),
      o(
        3,
        '有时出现（每周<1次）便秘或大便失禁，或自行使用开塞露、尿垫等',
        'Constipation or incontinence less than weekly, or uses aids alone',
      ),
      o(
        2,
        '经常出现（每天<1次，但每周>1次）便秘或大便失禁，或需少量协助使用开塞露、尿垫等',
        'Constipation or incontinence more than weekly but less than daily, or a little help with aids',
      ),
      o(
        1,
        '大部分时间出现（每天≥1次）便秘或大便失禁，但尚非完全失控，或需大量协助',
        'Constipation or incontinence daily but not complete, or much help with aids',
      ),
      o(
        0,
        '严重便秘或完全大便失禁，需要依赖他人协助排便或清洁皮肤',
        'Severe constipation or fully incontinent; depends on others',
      ),
    ],
  },
  generic('B.1.8', 'B.1', '如厕', 'Toileting'),
  generic('B.2.1', 'B.2', '床上体位转移', 'Bed mobility'),
  generic('B.2.2', 'B.2', '床椅转移', 'Bed–chair transfer'),
  {
    code: 'B.2.3',
    dimension: 'B.2',
    zh: '平地行走',
    en: 'Walking on level ground',
    options: [
      o(
        4,
        '可独立在平地上行走 50 m 左右，不需要协助，无摔倒风险',
        'Walks about 50 m alone, no help, no risk of falling',
      ),
      o(
        3,
        '能平地步行 50 m 左右，存在摔倒风险，需要他人监护或指导，或使用拐杖、助行器等辅助工具',
        'Walks about 50 m with a risk of falling: needs supervision, or a stick or walker',
      ),
      o(2, '在步行时需要他人少量扶持协助', 'Needs a little physical support to walk'),
      o(1, '在步行时需要他人大量扶持协助', 'Needs much physical support to walk'),
      o(0, '完全不能步行', 'Cannot walk at all'),
    ],
  },
  {
    code: 'B.2.4',
    dimension: 'B.2',
    zh: '上下楼梯',
    en: 'Stairs',
    options: [
      o(
        3,
        '可独立上下楼梯（连续上下 10～15 个台阶），不需要协助',
        'Climbs stairs alone (10–15 steps in a row), no help',
      ),
      o(2, '在他人指导或提示下完成', 'Climbs stairs with guidance or prompting'),
      o(1, '需要他人协助，但以自身完成为主', 'Needs help, but does most of it themself'),
      o(0, '主要依靠他人协助，或完全依赖他人协助', 'Relies mainly or fully on help'),
    ],
  },
  {
    code: 'B.3.1',
    dimension: 'B.3',
    zh: '时间定向',
    en: 'Orientation to time',
    options: [
      o(
        4,
        '时间观念（年、月）清楚，日期（或星期几）可相差一天',
        'Knows year and month; date or weekday off by at most one day',
      ),
      o(
        3,
        '时间观念有些下降，年、月、日（或星期几）不能全部分清（相差两天或以上）',
        'Somewhat reduced: cannot tell all of year, month, day (off by two days or more)',
      ),
      o(
        2,
        '时间观念较差，年、月、日不清楚，可知上半年或下半年或季节',
        'Poor: unsure of year, month and day; knows the half-year or season',
      ),
      o(
        1,
        '时间观念很差，年、月、日不清楚，可知上午、下午或白天、夜间',
        'Very poor: knows only morning or afternoon, day or night',
      ),
      o(0, '无时间观念', 'No sense of time'),
    ],
  },
  {
    code: 'B.3.2',
    dimension: 'B.3',
    zh: '空间定向',
    en: 'Orientation to place',
    options: [
      o(
        4,
        '能在日常生活范围内单独外出，如在居住小区内独自外出购物等',
        'Goes out alone within daily surroundings, e.g. shopping nearby',
      ),
      o(
        3,
        '不能单独外出，但能准确知道自己日常生活所在地的地址信息',
        'Cannot go out alone, but knows their address exactly',
      ),
      o(
        2,
        '不能单独外出，但知道较多有关自己日常生活的地址信息',
        'Cannot go out alone; knows much about where they live',
      ),
      o(
        1,
        '不能单独外出，但知道较少自己居住或生活所在地的地址信息',
        'Cannot go out alone; knows little about where they live',
      ),
      o(0, '不能单独外出，无空间观念', 'Cannot go out alone; no sense of place'),
    ],
  },
  {
    code: 'B.3.3',
    dimension: 'B.3',
    zh: '人物定向',
    en: 'Orientation to people',
    options: [
      o(
        4,
        '认识长期共同一起生活的人，能称呼并知道关系',
        'Knows the people they live with, their names and relationships',
      ),
      o(
        3,
        '能认识大部分共同生活居住的人，能称呼或知道关系',
        'Knows most people they live with, by name or relationship',
      ),
      o(2, '能认识部分日常同住的亲人或照护者等，能称呼或知道关系', 'Knows some relatives or carers they live with'),
      o(1, '只认识自己或极少数日常同住的亲人或照护者等', 'Knows only themself or very few relatives or carers'),
      o(0, '不认识任何人（包括自己）', 'Knows no one, not even themself'),
    ],
  },
  {
    code: 'B.3.4',
    dimension: 'B.3',
    zh: '记忆',
    en: 'Memory',
    options: [
      o(4, '总是能保持与社会、年龄所适应的记忆能力，能完整的回忆', 'Memory fits age and surroundings; recalls fully'),
      o(
        3,
        '出现轻度的记忆紊乱或回忆不能（3 个词语经过 5 分钟后仅能回忆 0～1 个）',
        'Mild disorder: recalls 0–1 of 3 words after 5 minutes',
      ),
      o(
        2,
        '出现中度的记忆紊乱或回忆不能（不能回忆近期记忆，不记得上一顿饭吃了什么）',
        'Moderate: cannot recall recent events, e.g. the last meal',
      ),
      o(
        1,
        '出现重度的记忆紊乱或回忆不能（不能回忆远期记忆，不记得自己的老朋友）',
        'Severe: cannot recall the distant past, e.g. old friends',
      ),
      o(0, '记忆完全紊乱或者完全不能对既往事物进行正确的回忆', 'Memory fully disordered; cannot recall the past'),
    ],
  },
  {
    code: 'B.3.5',
    dimension: 'B.3',
    zh: '理解能力',
    en: 'Comprehension',
    options: [
      o(4, '能正常理解他人的话', 'Understands others normally'),
      o(3, '能理解他人的话，但需要增加时间', 'Understands others, but needs more time'),
      o(2, '理解有困难，需频繁重复或简化口头表达', 'Has difficulty; needs frequent repetition or simpler speech'),
      o(1, '理解有严重困难，需要大量他人帮助', 'Has severe difficulty; needs much help'),
      o(0, '完全不能理解他人的话', 'Cannot understand others at all'),
    ],
  },
  {
    code: 'B.3.6',
    dimension: 'B.3',
    zh: '表达能力',
    en: 'Expression',
    options: [
      o(4, '能正常表达自己的想法', 'Expresses themself normally'),
      o(3, '能表达自己的需要，但需要增加时间', 'Expresses needs, but needs more time'),
      o(2, '表达需要有困难，需频繁重复或简化口头表达', 'Has difficulty; needs frequent repetition or simpler speech'),
      o(1, '表达有严重困难，需要大量他人帮助', 'Has severe difficulty; needs much help'),
      o(0, '完全不能表达需要', 'Cannot express needs at all'),
    ],
  },
  {
    code: 'B.3.7',
    dimension: 'B.3',
    zh: '攻击行为',
    en: 'Aggressive behaviour',
    options: [
      o(1, '未出现', 'None'),
      o(0, '近一个月内出现过攻击行为（身体或语言攻击）', 'Physical or verbal aggression in the last month'),
    ],
  },
  {
    code: 'B.3.8',
    dimension: 'B.3',
    zh: '抑郁症状',
    en: 'Depressive symptoms',
    options: [
      o(1, '未出现', 'None'),
      o(
        0,
        '近一个月内出现过负性情绪（情绪低落、兴趣减退等）',
        'Low mood, loss of interest or similar in the last month',
      ),
    ],
  },
  {
    code: 'B.3.9',
    dimension: 'B.3',
    zh: '意识水平',
    en: 'Level of consciousness',
    options: [
      o(2, '神志清醒，对周围环境能作出正确反应', 'Clear; responds correctly to surroundings'),
      o(1, '嗜睡或意识模糊', 'Drowsy or confused'),
      o(0, '昏睡或昏迷', 'Stupor or coma'),
    ],
  },
  {
    code: 'B.4.1',
    dimension: 'B.4',
    zh: '视力',
    en: 'Vision',
    options: [
      o(2, '视力正常', 'Normal vision'),
      o(
        1,
        '能看清楚大字体，但看不清书报上的标准字体；或能辨认物体',
        'Reads large print but not standard print; or recognises objects',
      ),
      o(0, '只能看到光、颜色和形状；或完全失明', 'Sees only light, colour and shape; or blind'),
    ],
  },
  {
    code: 'B.4.2',
    dimension: 'B.4',
    zh: '听力',
    en: 'Hearing',
    options: [
      o(2, '听力正常', 'Normal hearing'),
      o(
        1,
        '轻声说话或距离超过 2 米时听不清；需在安静环境或大声说话才能听到',
        'Misses soft speech or beyond 2 m; needs quiet or a raised voice',
      ),
      o(0, '讲话者大声说话或说话很慢才能部分听见；或完全失聪', 'Hears only part of loud or slow speech; or deaf'),
    ],
  },
  {
    code: 'B.4.3',
    dimension: 'B.4',
    zh: '执行日常事务',
    en: 'Daily affairs',
    options: [
      o(4, '能完全独立计划、安排和完成日常事务，无需协助', 'Plans and completes daily affairs fully alone'),
      o(3, '在计划、安排和完成日常事务时需要他人监护或指导', 'Needs supervision or guidance'),
      o(2, '在计划、安排和完成日常事务时需要少量协助', 'Needs a little help'),
      o(1, '在计划、安排和完成日常事务时需要大量协助', 'Needs much help'),
      o(0, '完全依赖他人进行日常事务', 'Fully dependent on others'),
    ],
  },
  {
    code: 'B.4.4',
    dimension: 'B.4',
    zh: '使用交通工具外出',
    en: 'Going out by transport',
    options: [
      o(3, '能自己骑车或搭乘公共交通工具外出', 'Cycles or takes public transport alone'),
      o(2, '能自己搭乘出租车，但不会搭乘其他公共交通工具外出', 'Takes a taxi alone, but no other public transport'),
      o(1, '当有人协助或陪伴，可搭乘公共交通工具外出', 'Takes public transport when accompanied'),
      o(
        0,
        '只能在他人协助下搭乘出租车或私家车外出；或完全不能出门',
        'Goes out only by car with help; or cannot go out',
      ),
    ],
  },
  {
    code: 'B.4.5',
    dimension: 'B.4',
    zh: '社会交往能力',
    en: 'Social interaction',
    options: [
      o(
        4,
        '参与社会，在社会环境有一定的适应能力，待人接物恰当',
        'Takes part in society; adapts and behaves appropriately',
      ),
      o(
        3,
        '能适应单纯环境，主动接触他人，初见面时难让人发现智力问题，不能理解隐喻语',
        'Adapts to simple settings, approaches others; misses metaphors',
      ),
      o(
        2,
        '脱离社会，可被动接触，不会主动待人，谈话中很多不适词句，容易上当受骗',
        'Withdrawn; responds but does not approach; easily deceived',
      ),
      o(
        1,
        '勉强可与他人接触，谈吐内容不清楚，表情不恰当',
        'Barely interacts; unclear speech, inappropriate expressions',
      ),
      o(0, '不能与人交往', 'Cannot interact with others'),
    ],
  },
];

export const ITEM_CODES: readonly string[] = ITEMS.map((i) => i.code);
export const ITEM_BY_CODE: ReadonlyMap<string, ScaleItem> = new Map(ITEMS.map((i) => [i.code, i]));

/** The highest score an item allows (its first option). */
export const maxScore = (item: ScaleItem): number => item.options[0]!.score;

/** 意识水平: its 0 covers both stupor and coma; the coma flag distinguishes them (C.4). */
export const CONSCIOUSNESS_ITEM = 'B.3.9';
