/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "gentext.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GT_N(a) (sizeof (a) / sizeof (a)[0])

/* Common Chinese words: nouns, then verbs, adjectives and adverbs. */
static const char *const gt_zh_words[] = {
	"技术", "人工智能", "模型", "数据", "系统", "公司", "用户", "市场",
	"产品", "平台", "行业", "问题", "方法", "研究", "发展", "安全",
	"风险", "网络", "信息", "服务", "工作", "社会", "政府", "企业",
	"项目", "团队", "开发者", "工程师", "算法", "芯片", "计算", "能力",
	"应用", "场景", "经验", "时间", "未来", "世界", "国家", "城市",
	"文章", "作者", "读者", "内容", "知识", "文化", "历史", "教育",
	"学生", "老师", "医院", "医生", "健康", "经济", "投资", "资本",
	"价格", "成本", "效率", "质量", "标准", "规则", "监管", "法律",
	"隐私", "漏洞", "攻击", "防御", "代码", "软件", "硬件", "服务器",
	"数据库", "浏览器", "手机", "电脑", "屏幕", "终端", "接口", "协议",
	"版本", "功能", "性能", "体验", "设计", "架构", "框架", "工具",
	"语言", "文本", "字符", "编码", "格式", "文件", "目录", "结果",
	"目标", "方向", "趋势", "机会", "挑战", "压力", "环境", "资源",
	"能源", "气候", "科学", "实验", "理论", "观点", "会议", "报告",
	"调查", "数字", "比例", "规模", "速度", "变化", "影响", "原因",
	"关系", "基础", "核心", "关键", "细节", "部分", "整体", "过程",
	"阶段", "步骤", "计划", "策略", "决定", "建议", "意见", "合作",
	"竞争", "对手", "伙伴", "客户", "消费者", "员工", "领导", "专家",
	"学者", "记者", "媒体", "新闻", "消息", "故事", "生活", "家庭",
	"朋友", "孩子", "父母", "社区", "空间", "地方", "中心", "模式",
	"机制", "体系", "领域", "方案", "需求", "价值", "意义", "现象",
	"认为", "表示", "发现", "提出", "推动", "实现", "提供", "支持",
	"需要", "可以", "能够", "应该", "开始", "继续", "完成", "改变",
	"提高", "降低", "增加", "减少", "解决", "处理", "分析", "理解",
	"学习", "使用", "利用", "开发", "训练", "发布", "推出", "测试",
	"部署", "优化", "调整", "管理", "控制", "保护", "关注", "考虑",
	"讨论", "比较", "评估", "预测", "判断", "选择", "获得", "建立",
	"形成", "带来", "面临", "存在", "出现", "进行", "参与", "引起",
	"导致", "重要", "明显", "快速", "稳定", "复杂", "简单", "清楚",
	"直接", "主要", "全面", "积极", "有效", "可能", "真正", "已经",
	"正在", "仍然", "非常", "更加", "逐渐", "同时", "因此", "但是",
	"而且", "如果", "虽然", "不过", "甚至", "其实", "当然", "目前",
	"最近", "过去", "今天", "现在", "一直", "一些", "许多", "所有",
	"每个", "这些", "那些", "这种", "我们", "他们", "自己", "大家",
	"人们", "公开信", "科学家", "实验室", "监管机构", "开源社区",
	"搜索引擎", "操作系统", "编程语言", "数据中心", "云计算", "大语言模型",
	"用户体验", "信息安全", "供应链", "生态", "长期", "短期", "全球",
	"国内", "海外", "行业内", "不可预知", "深刻", "潜在", "相应",
};

/* Particles and short function words put between the words above. */
static const char *const gt_zh_particles[] = {
	"的", "了", "在", "是", "和", "与", "对", "将", "也", "都", "就",
	"还", "被", "把", "从", "中", "上", "为", "这", "一个", "不", "没有",
	"更", "又", "所",
};

/* Latin terms that Chinese articles use as they are. */
static const char *const gt_latin_terms[] = {
	"AI", "GPT-4", "CEO", "OpenAI", "Linux", "SQLite", "API", "GitHub",
	"Python", "iPhone", "5G", "Unicode", "UTF-8", "ncurses", "Markdown",
	"CPU", "GPU", "App", "Web", "HTTP", "ChatGPT", "Rust", "C11", "JSON",
	"PDF", "VS Code", "macOS", "Wi-Fi", "USB-C", "IPO",
};

static const char *const gt_en_words[] = {
	"the", "the", "the", "a", "an", "of", "of", "to", "to", "and", "and",
	"in", "in", "is", "that", "for", "with", "on", "as", "by", "at",
	"from", "it", "this", "be", "are", "was", "not", "but", "or", "can",
	"will", "would", "should", "more", "most", "some", "many", "all",
	"their", "its", "our", "we", "they", "people", "time", "year", "way",
	"work", "system", "model", "data", "company", "user", "market",
	"product", "research", "risk", "network", "service", "government",
	"team", "developer", "engineer", "algorithm", "chip", "computing",
	"application", "future", "world", "country", "city", "article",
	"author", "reader", "content", "knowledge", "culture", "history",
	"education", "health", "economy", "investment", "price", "cost",
	"efficiency", "quality", "standard", "rule", "regulation", "law",
	"privacy", "security", "attack", "defense", "code", "software",
	"hardware", "server", "database", "browser", "phone", "screen",
	"terminal", "interface", "protocol", "version", "feature",
	"performance", "design", "architecture", "framework", "tool",
	"language", "text", "character", "encoding", "format", "file",
	"result", "goal", "trend", "chance", "challenge", "pressure",
	"environment", "resource", "energy", "science", "experiment",
	"theory", "report", "survey", "number", "scale", "speed", "change",
	"impact", "reason", "relation", "basis", "detail", "process", "plan",
	"strategy", "decision", "choice", "advice", "partner", "customer",
	"expert", "media", "story", "life", "family", "community", "space",
	"build", "builds", "make", "makes", "use", "uses", "need", "needs",
	"show", "shows", "find", "found", "train", "trained", "release",
	"released", "test", "deploy", "improve", "reduce", "increase",
	"solve", "handle", "analyse", "understand", "learn", "support",
	"provide", "change", "keep", "read", "write", "open", "close",
	"important", "clear", "fast", "slow", "stable", "complex", "simple",
	"direct", "main", "active", "real", "likely", "already", "still",
	"very", "quite", "often", "also", "however", "therefore", "while",
	"although", "even", "today", "now", "recently", "long", "short",
	"global", "local", "new", "old", "large", "small", "open-source",
	"line", "width", "layout", "highlight", "archive", "search",
};

/* Invented account names for the source field. */
static const char *const gt_sources[] = {
	"数据前线", "码农周刊", "科技早知道", "云端观察", "终端漫谈",
	"安全参考", "开源日报", "深度学习笔记", "产品沉思录", "字节之间",
};

/* Surnames and given names for the author key of archive articles. */
static const char *const gt_surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙",
};
static const char *const gt_given_names[] = {
	"伟", "芳", "娜", "敏", "静", "磊", "洋", "勇", "艳", "杰", "涛", "明",
	"超", "霞", "平", "刚", "晨曦", "子涵", "一鸣", "思远",
};

static const char *const gt_zh_numerals[] = {
	"一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
};

/* The generator's state: the output and the random stream. */
struct gt {
	uint64_t s;		/* xorshift64* state, never 0 */
	enum gentext_kind kind;
	char *p;		/* output, NUL-terminated when done */
	size_t len;
	size_t cap;
	bool oom;		/* a realloc failed: everything after is lost */
	size_t limit;		/* where the body must end */
	int sections;		/* headings written */
	const char *source;
	char title[512];	/* bytes, from the vocabulary only */
	const struct gentext_meta *meta;	/* an archive's article; else
						   NULL */
	unsigned recall;	/* GT_RECALL_* words this article carries */
	int plain;		/* > 0: no bold inside the words (titles,
				   bold phrases) */
};

/* The search benchmark's query words an archive article may carry. Only
 * archive articles (g->meta) get any, so that a lone article's random
 * stream, and its bytes, stay as they were. */
enum {
	GT_RECALL_QUANTUM = 1 << 0,	/* 量子计算, **量子**计算 */
	GT_RECALL_KERNEL = 1 << 1,	/* kernel, Kernel */
	GT_RECALL_FULLWIDTH = 1 << 2,	/* ｋｅｒｎｅｌ */
	GT_RECALL_SCHED = 1 << 3,	/* 内核调度, **内核**调度 */
};

/* Return the next 64 random bits (xorshift64*). */
static uint64_t
gt_next(struct gt *g)
{
	g->s ^= g->s >> 12;
	g->s ^= g->s << 25;
	g->s ^= g->s >> 27;
	return g->s * 0x2545F4914F6CDD1DULL;
}

/* Return a number in [0, n), n > 0. */
static size_t
gt_below(struct gt *g, size_t n)
{
	return (size_t)((gt_next(g) >> 11) % n);
}

/* Return a number in [lo, hi]. */
static size_t
gt_range(struct gt *g, size_t lo, size_t hi)
{
	return lo + gt_below(g, hi - lo + 1);
}

/* Return true with a chance of pct percent. */
static bool
gt_chance(struct gt *g, unsigned pct)
{
	return gt_below(g, 100) < pct;
}

/* Return a random element of a string table. */
#define gt_pick(g, table) ((table)[gt_below((g), GT_N(table))])

/* Append n bytes of s to the output. */
static void
gt_add(struct gt *g, const char *s, size_t n)
{
	if (g->oom)
		return;
	if (g->cap - g->len < n + 1) {
		size_t cap = g->cap ? g->cap : 4096;
		while (cap - g->len < n + 1)
			cap *= 2;
		char *p = realloc(g->p, cap);
		if (p == NULL) {
			g->oom = true;
			return;
		}
		g->p = p;
		g->cap = cap;
	}
	memcpy(g->p + g->len, s, n);
	g->len += n;
}

static void
gt_adds(struct gt *g, const char *s)
{
	gt_add(g, s, strlen(s));
}

/* Drop the blanks at the end of the output. */
static void
gt_trim(struct gt *g)
{
	while (g->len > 0 && g->p[g->len - 1] == ' ')
		g->len--;
}

/* Append a formatted string (short: numbers and identifiers). */
static void
gt_addf(struct gt *g, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
gt_addf(struct gt *g, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n > 0)
		gt_add(g, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* Append n random characters of an alphabet (ids in URLs). */
static void
gt_add_chars(struct gt *g, const char *alphabet, size_t n)
{
	size_t k = strlen(alphabet);

	for (size_t i = 0; i < n; i++)
		gt_add(g, &alphabet[gt_below(g, k)], 1);
}

static const char gt_b64[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
static const char gt_hex[] = "0123456789abcdef";

/* Append a WeChat-like article address. */
static void
gt_add_wechat_url(struct gt *g)
{
	gt_adds(g, "https://mp.weixin.qq.com/s?__biz=");
	gt_add_chars(g, gt_b64, 14);
	gt_addf(g, "==&mid=%zu&idx=%zu&sn=", gt_range(g, 2247483648u, 2654999999u),
		gt_range(g, 1, 4));
	gt_add_chars(g, gt_hex, 32);
	gt_adds(g, "&chksm=");
	gt_add_chars(g, gt_hex, 72);
	gt_addf(g, "&scene=%zu#rd", gt_range(g, 1, 60));
}

/* Append an image address on the image server, with or without query. */
static void
gt_add_image_url(struct gt *g)
{
	static const char *const fmts[] = { "png", "jpeg", "gif" };
	const char *fmt = gt_pick(g, fmts);

	gt_addf(g, "https://mmbiz.qpic.cn/mmbiz_%s/", fmt[0] == 'j' ? "jpg" : fmt);
	gt_add_chars(g, gt_b64, gt_range(g, 60, 90));
	gt_addf(g, "/640?wx_fmt=%s", fmt);
	if (gt_chance(g, 30))
		gt_adds(g, "&wxfrom=5&wx_lazy=1&wx_co=1");
}

/* Append a number the way articles write them in Chinese text. */
static void
gt_add_zh_number(struct gt *g)
{
	switch (gt_below(g, 6)) {
	case 0:
		gt_addf(g, "%zu年", gt_range(g, 1990, 2025));
		break;
	case 1:
		gt_addf(g, "%zu月%zu日", gt_range(g, 1, 12), gt_range(g, 1, 28));
		break;
	case 2:
		gt_addf(g, "%zu份", gt_range(g, 2, 99999));
		break;
	case 3:
		gt_addf(g, "%zu个月", gt_range(g, 2, 36));
		break;
	case 4:
		gt_addf(g, "%zu.%zu%%", gt_range(g, 1, 99), gt_range(g, 0, 9));
		break;
	default:
		gt_addf(g, "%zu万", gt_range(g, 2, 9999));
		break;
	}
}

/* Append one Chinese word, sometimes followed by a particle, sometimes a
 * Latin term or a number instead; spaced puts blanks around Latin terms
 * (mixed articles), else they touch the Han characters. */
static bool gt_add_recall_zh(struct gt *g, bool spaced, bool first);

static void
gt_add_zh_word(struct gt *g, unsigned latin_pct, bool spaced, bool first)
{
	if (g->recall != 0 && gt_add_recall_zh(g, spaced, first))
		return;
	if (gt_chance(g, latin_pct)) {
		if (spaced && !first && g->len > 0 && g->p[g->len - 1] != ' ')
			gt_adds(g, " ");
		gt_adds(g, gt_pick(g, gt_latin_terms));
		if (spaced)
			gt_adds(g, " ");
		return;
	}
	if (gt_chance(g, 3)) {
		gt_add_zh_number(g);
		return;
	}
	gt_adds(g, gt_pick(g, gt_zh_words));
	if (gt_chance(g, 30))
		gt_adds(g, gt_pick(g, gt_zh_particles));
}

/* Append words words, some of them in 「」, 《》 or （）. */
static void
gt_add_zh_words(struct gt *g, size_t words, unsigned latin_pct, bool spaced)
{
	for (size_t i = 0; i < words; i++) {
		unsigned r = (unsigned)gt_below(g, 100);
		if (r < 5)
			gt_adds(g, "「");
		else if (r < 8)
			gt_adds(g, "《");
		gt_add_zh_word(g, latin_pct, spaced && r >= 8, i == 0);
		if (r < 5)
			gt_adds(g, "」");
		else if (r < 8)
			gt_adds(g, "》");
		else if (r < 10) {
			gt_adds(g, "（");
			gt_add_zh_word(g, latin_pct + 20, false, true);
			gt_adds(g, "）");
		}
	}
}

/* Append a Chinese sentence: clauses joined by ， or 、, ended by 。！？
 * or ；. */
static void
gt_add_zh_sentence(struct gt *g, unsigned latin_pct, bool spaced)
{
	size_t clauses = gt_range(g, 1, 4);

	for (size_t c = 0; c < clauses; c++) {
		if (c > 0)
			gt_adds(g, gt_chance(g, 85) ? "，" : "、");
		gt_add_zh_words(g, gt_range(g, 2, 6), latin_pct, spaced);
		gt_trim(g);	/* no blank before full-width punctuation */
	}
	unsigned r = (unsigned)gt_below(g, 100);
	gt_adds(g, r < 76 ? "。" : r < 84 ? "！" : r < 93 ? "？" : "；");
}

/* Append count English words, the first one capitalised when cap. */
static void
gt_add_en_words(struct gt *g, size_t count, bool cap)
{
	for (size_t i = 0; i < count; i++) {
		const char *w = gt_pick(g, gt_en_words);
		if (i > 0)
			gt_adds(g, gt_chance(g, 6) && i + 1 < count ? ", " : " ");
		if ((g->recall & GT_RECALL_KERNEL) && gt_below(g, 1000) < 5) {
			gt_adds(g, cap && i == 0 ? "Kernel" :
				gt_chance(g, 30) ? "Linux Kernel" : "kernel");
			continue;
		}
		if (gt_chance(g, 2)) {
			gt_adds(g, gt_pick(g, gt_latin_terms));
			continue;
		}
		if (gt_chance(g, 2)) {
			gt_addf(g, "%zu", gt_range(g, 2, 2025));
			continue;
		}
		if (cap && i == 0 && w[0] >= 'a' && w[0] <= 'z') {
			char c = (char)(w[0] - 'a' + 'A');
			gt_add(g, &c, 1);
			gt_adds(g, w + 1);
		} else {
			gt_adds(g, w);
		}
	}
}

/* Append an English sentence. */
static void
gt_add_en_sentence(struct gt *g)
{
	gt_add_en_words(g, gt_range(g, 6, 22), true);
	unsigned r = (unsigned)gt_below(g, 100);
	gt_adds(g, r < 88 ? "." : r < 95 ? "?" : "!");
}

/* Append a link [text](url) with Chinese or English text. */
static void
gt_add_link(struct gt *g, bool en)
{
	gt_adds(g, "[");
	if (en)
		gt_add_en_words(g, gt_range(g, 2, 5), false);
	else
		gt_add_zh_words(g, gt_range(g, 2, 5), 5, false);
	gt_adds(g, "](");
	if (gt_chance(g, 60))
		gt_add_wechat_url(g);
	else
		gt_addf(g, "https://example.com/%s/%zu.html",
			gt_pick(g, gt_en_words), gt_range(g, 1, 99999));
	gt_adds(g, ")");
}

/* Append a short bold phrase (no punctuation at its edges, so CommonMark
 * flanking rules accept it between Han characters). */
static void
gt_add_bold(struct gt *g, bool en)
{
	gt_adds(g, "**");
	g->plain++;
	if (en)
		gt_add_en_words(g, gt_range(g, 1, 4), false);
	else
		gt_add_zh_words(g, gt_range(g, 1, 4), 0, false);
	g->plain--;
	gt_adds(g, "**");
}

/* Append one of the query words this archive article carries, now and
 * then (one Chinese word in 330 for each word it carries), in place of a Chinese word;
 * return whether it did. Latin words touch the Han characters unless
 * spaced, as gt_add_zh_word writes them. */
static bool
gt_add_recall_zh(struct gt *g, bool spaced, bool first)
{
	static const unsigned bits[] = {
		GT_RECALL_QUANTUM, GT_RECALL_KERNEL, GT_RECALL_FULLWIDTH,
		GT_RECALL_SCHED,
	};
	if (gt_below(g, 1000) >= 12)
		return false;
	unsigned which = bits[gt_below(g, GT_N(bits))];
	bool bold = g->plain == 0 && gt_chance(g, 25);

	if (!(g->recall & which))
		return false;
	if (which == GT_RECALL_QUANTUM) {
		gt_adds(g, bold ? "**量子**计算" : "量子计算");
	} else if (which == GT_RECALL_SCHED) {
		gt_adds(g, bold ? "**内核**调度" : "内核调度");
	} else if (which == GT_RECALL_FULLWIDTH) {
		gt_adds(g, "ｋｅｒｎｅｌ");
	} else {
		if (spaced && !first && g->len > 0 && g->p[g->len - 1] != ' ')
			gt_adds(g, " ");
		gt_adds(g, gt_chance(g, 50) ? "Linux kernel" : "kernel");
		if (spaced)
			gt_adds(g, " ");
	}
	return true;
}

/* The kinds of paragraph text. */
enum gt_para {
	GT_PARA_ZH,	/* Chinese, Latin terms touching Han characters */
	GT_PARA_MIXED,	/* Chinese with spaced Latin terms and English
			   sentences */
	GT_PARA_EN,
};

/* Return the kind of the next paragraph for the article's kind. */
static enum gt_para
gt_para_kind(struct gt *g)
{
	unsigned r = (unsigned)gt_below(g, 100);

	switch (g->kind) {
	case GENTEXT_ZH:
		return GT_PARA_ZH;
	case GENTEXT_MIXED:
		return r < 30 ? GT_PARA_ZH : r < 65 ? GT_PARA_MIXED : GT_PARA_EN;
	default:
		return GT_PARA_EN;
	}
}

/* Append one sentence of paragraph kind k, with inline markup now and
 * then. */
static void
gt_add_sentence(struct gt *g, enum gt_para k)
{
	bool en = k == GT_PARA_EN || (k == GT_PARA_MIXED && gt_chance(g, 25));

	if (gt_chance(g, 6)) {
		gt_add_bold(g, en);
		if (en)
			gt_adds(g, " ");
	}
	if (gt_chance(g, 3)) {
		gt_add_link(g, en);
		if (en)
			gt_adds(g, " ");
	}
	if (en && k != GT_PARA_ZH && gt_chance(g, 3))
		gt_addf(g, "`%s_%s()` ", gt_pick(g, gt_en_words),
			gt_pick(g, gt_en_words));
	if (en)
		gt_add_en_sentence(g);
	else
		gt_add_zh_sentence(g, k == GT_PARA_ZH ? 2 : 12,
				   k == GT_PARA_MIXED);
	if (en && k == GT_PARA_EN)
		gt_adds(g, " ");
}

/* Return how long the next paragraph should be, in bytes: mostly a few
 * hundred, now and then several kilobytes on one line. */
static size_t
gt_para_target(struct gt *g)
{
	unsigned r = (unsigned)gt_below(g, 100);

	if (r < 2)
		return gt_range(g, 3000, 9000);
	if (r < 12)
		return gt_range(g, 900, 3000);
	return gt_range(g, 120, 900);
}

/* Append a paragraph of about target bytes, never going past end; sentences
 * that do not fit are dropped. Return false when not even one fitted
 * (nothing is appended then). */
static bool
gt_paragraph(struct gt *g, size_t target, size_t end)
{
	enum gt_para k = gt_para_kind(g);
	size_t start = g->len;

	while (g->len - start < target) {
		size_t mark = g->len;
		gt_add_sentence(g, k);
		if (g->len + 2 > end) {
			g->len = mark;
			break;
		}
	}
	gt_trim(g);
	if (g->len == start)
		return false;
	gt_adds(g, "\n\n");
	return true;
}

/* Append an image alone in its paragraph. */
static void
gt_image(struct gt *g)
{
	unsigned r = (unsigned)gt_below(g, 100);

	if (r < 5) {
		gt_adds(g, "![]()\n\n");
		return;
	}
	gt_adds(g, r < 80 ? "![](" : r < 90 ? "![图片](" : "![cover_image](");
	gt_add_image_url(g);
	gt_adds(g, ")\n\n");
}

/* Append a section heading: 一、... in Chinese articles. */
static void
gt_heading(struct gt *g)
{
	int n = g->sections++;

	gt_adds(g, gt_chance(g, 80) ? "## " : "### ");
	if (g->kind == GENTEXT_EN) {
		gt_addf(g, "%d. ", n + 1);
		gt_add_en_words(g, gt_range(g, 2, 7), true);
	} else {
		if (n < 10)
			gt_addf(g, "%s、", gt_zh_numerals[n]);
		else
			gt_addf(g, "%d. ", n + 1);
		gt_add_zh_words(g, gt_range(g, 2, 5),
				g->kind == GENTEXT_MIXED ? 20 : 3, false);
	}
	gt_adds(g, "\n\n");
}

/* Append a bullet or numbered list, now and then with a nested item. */
static void
gt_list(struct gt *g)
{
	bool ordered = gt_chance(g, 40);
	size_t items = gt_range(g, 3, 7);

	for (size_t i = 0; i < items; i++) {
		bool nested = i > 0 && gt_chance(g, 10);
		if (nested)
			gt_adds(g, ordered ? "   " : "  ");
		if (ordered && !nested)
			gt_addf(g, "%zu. ", i + 1);
		else
			gt_adds(g, "- ");
		if (gt_chance(g, 20))
			gt_add_bold(g, g->kind == GENTEXT_EN);
		gt_add_sentence(g, gt_para_kind(g));
		gt_trim(g);
		gt_adds(g, "\n");
	}
	gt_adds(g, "\n");
}

/* Append a block quote of one or two sentences. */
static void
gt_quote(struct gt *g)
{
	enum gt_para k = gt_para_kind(g);
	size_t n = gt_range(g, 1, 3);

	gt_adds(g, "> ");
	for (size_t i = 0; i < n; i++)
		gt_add_sentence(g, k);
	gt_trim(g);
	gt_adds(g, "\n\n");
}

/* Append a table of three columns. */
static void
gt_table(struct gt *g)
{
	bool en = g->kind == GENTEXT_EN;
	size_t rows = gt_range(g, 3, 6);

	gt_adds(g, en ? "| Item | Value | Notes |\n" : "| 项目 | 数值 | 说明 |\n");
	gt_adds(g, "| --- | ---: | --- |\n");
	for (size_t i = 0; i < rows; i++) {
		gt_adds(g, "| ");
		if (en)
			gt_add_en_words(g, gt_range(g, 1, 2), true);
		else
			gt_add_zh_words(g, gt_range(g, 1, 2), 10, false);
		gt_addf(g, " | %zu.%zu | ", gt_range(g, 0, 9999), gt_range(g, 0, 99));
		if (en)
			gt_add_en_words(g, gt_range(g, 2, 6), false);
		else
			gt_add_zh_words(g, gt_range(g, 2, 5), 10, false);
		gt_adds(g, " |\n");
	}
	gt_adds(g, "\n");
}

/* Append a fenced code block of C or Python, comments in Chinese now and
 * then. */
static void
gt_code(struct gt *g)
{
	bool c = gt_chance(g, 50);
	size_t lines = gt_range(g, 3, 12);
	const char *fn = gt_pick(g, gt_en_words), *obj = gt_pick(g, gt_en_words);

	if (c) {
		gt_addf(g, "```c\nstatic int\n%s_%s(const char *s, size_t len)\n{\n",
			obj, fn);
	} else {
		gt_addf(g, "```python\ndef %s_%s(items, limit=%zu):\n", obj, fn,
			gt_range(g, 2, 500));
	}
	for (size_t i = 0; i < lines; i++) {
		const char *a = gt_pick(g, gt_en_words), *b = gt_pick(g, gt_en_words);
		size_t n = gt_range(g, 0, 4096);
		if (c)
			gt_addf(g, "\tsize_t %s_%zu = %s_len(s, %zu);", a, i, b, n);
		else
			gt_addf(g, "    %s_%zu = %s(items[%zu:], limit)", a, i, b, n);
		if (gt_chance(g, 25)) {
			gt_adds(g, c ? "  /* " : "  # ");
			gt_add_zh_words(g, gt_range(g, 1, 4), 0, false);
			gt_adds(g, c ? " */" : "");
		}
		gt_adds(g, "\n");
	}
	gt_adds(g, c ? "\treturn 0;\n}\n```\n\n" : "    return limit\n```\n\n");
}

/* Append a whole sentence in bold, alone in its paragraph. */
static void
gt_bold_paragraph(struct gt *g)
{
	gt_adds(g, "**");
	gt_add_sentence(g, g->kind == GENTEXT_EN ? GT_PARA_EN : GT_PARA_ZH);
	gt_trim(g);
	gt_adds(g, "**\n\n");
}

/* Make the title into g->title. */
static void
gt_make_title(struct gt *g)
{
	size_t mark = g->len;

	g->plain++;
	if (g->kind == GENTEXT_EN) {
		gt_add_en_words(g, gt_range(g, 2, 5), true);
		gt_adds(g, ": ");
		gt_add_en_words(g, gt_range(g, 3, 8), true);
	} else {
		if (g->kind == GENTEXT_MIXED)
			gt_adds(g, gt_pick(g, gt_latin_terms));
		gt_add_zh_words(g, gt_range(g, 2, 4), 0, false);
		gt_adds(g, gt_chance(g, 50) ? "：" : "，");
		gt_add_zh_words(g, gt_range(g, 2, 4), 0, false);
		gt_adds(g, gt_chance(g, 50) ? "吗？" : "");
	}
	g->plain--;
	size_t n = g->len - mark;
	if (g->oom)
		n = 0;
	if (n >= sizeof g->title)
		n = sizeof g->title - 1;
	memcpy(g->title, g->p + mark, n);
	g->title[n] = '\0';
	g->len = mark;
}

/* Append the title key. English titles hold an ASCII colon, so they are
 * quoted; the others are plain scalars. */
static void
gt_title_key(struct gt *g)
{
	gt_adds(g, "title: ");
	if (g->kind == GENTEXT_EN)
		gt_addf(g, "\"%s\"", g->title);
	else
		gt_adds(g, g->title);
	gt_adds(g, "\n");
}

/* Append the front matter of an archive article (g->meta): its dates and
 * source, a url unique in the archive, and in some articles an author,
 * tags and a description. */
static void
gt_archive_front_matter(struct gt *g)
{
	const struct gentext_meta *m = g->meta;

	gt_adds(g, "---\n");
	gt_title_key(g);
	if (gt_chance(g, 40))
		gt_addf(g, "author: %s%s\n", gt_pick(g, gt_surnames),
			gt_pick(g, gt_given_names));
	gt_adds(g, "url: https://mp.weixin.qq.com/s?__biz=");
	gt_add_chars(g, gt_b64, 14);
	gt_addf(g, "==&mid=%llu&idx=%zu&sn=",
		(unsigned long long)(2247483648u + m->serial), gt_range(g, 1, 4));
	gt_add_chars(g, gt_hex, 32);
	gt_addf(g, "&scene=%zu#rd\n", gt_range(g, 1, 60));
	gt_addf(g, "source: %s\ndate: %s\nfetch_date: %s\n", g->source,
		m->date, m->fetch_date);
	if (gt_chance(g, 35))
		gt_addf(g, "tags: [%s, %s]\n", gt_pick(g, gt_zh_words),
			gt_pick(g, gt_latin_terms));
	if (gt_chance(g, 25)) {
		gt_adds(g, "description: ");
		g->plain++;
		gt_add_zh_words(g, gt_range(g, 4, 12), 0, false);
		g->plain--;
		gt_adds(g, "\n");
	}
	gt_adds(g, "---\n\n");
}

/* Append the front matter. */
static void
gt_front_matter(struct gt *g, uint64_t seed)
{
	if (g->meta != NULL) {
		gt_archive_front_matter(g);
		return;
	}
	gt_adds(g, "---\n");
	gt_title_key(g);
	gt_adds(g, "url: ");
	gt_add_wechat_url(g);
	gt_addf(g, "\nsource: %s\n", g->source);
	size_t y = gt_range(g, 2016, 2025), m = gt_range(g, 1, 12),
	       d = gt_range(g, 1, 28);
	gt_addf(g, "date: %zu-%02zu-%02zu\n", y, m, d);
	if (g->kind == GENTEXT_MIXED)
		gt_addf(g, "tags: [%s, %s]\n", gt_pick(g, gt_zh_words),
			gt_pick(g, gt_latin_terms));
	gt_addf(g, "fetch_date: 2025-%02zu-%02zuT%02zu:%02zu:%02zu.%06zu\n",
		gt_range(g, 1, 12), gt_range(g, 1, 28), gt_range(g, 0, 23),
		gt_range(g, 0, 59), gt_range(g, 0, 59),
		(size_t)(seed % 1000000));
	gt_adds(g, "---\n\n");
}

/* Append what converters keep of a WeChat page before its content: the
 * title twice, a cover image, the account name twice. */
static void
gt_page_header(struct gt *g)
{
	gt_addf(g, "# %s\n\n![cover_image](", g->title);
	gt_add_image_url(g);
	gt_addf(g, ")\n\n# %s\n\n%s\n\n%s\n\n", g->title, g->source, g->source);
	gt_image(g);
}

/* Append the page's interface leftovers that come before the run of
 * punctuation lines. */
static void
gt_leftovers(struct gt *g)
{
	gt_adds(g, "预览时标签不可点\n\n阅读原文\n\n![]()\n\n微信扫一扫\n"
		"关注该公众号\n\n继续滑动看下一个\n\n轻触阅读原文\n\n![](");
	gt_add_image_url(g);
	gt_addf(g, ")\n\n%s\n\n向上滑动看下一个\n\n知道了\n\n![]()\n"
		"微信扫一扫\n使用小程序\n\n取消\n允许\n\n取消\n允许\n\n×\n分析\n\n",
		g->source);
}

static const char gt_closing[] =
	"\n视频\n小程序\n赞\n，轻点两下取消赞\n在看\n，轻点两下取消在看\n"
	"分享\n留言\n收藏\n";

/* Append one block of the article's middle part, picked at random, and
 * return false when it went past the body's limit (it is removed then). */
static bool
gt_random_block(struct gt *g)
{
	size_t mark = g->len;
	unsigned r = (unsigned)gt_below(g, 100);

	if (r < 8)
		gt_heading(g);
	else if (r < 26)
		gt_image(g);
	else if (r < 30)
		gt_list(g);
	else if (r < 32)
		gt_quote(g);
	else if (r < 33)
		gt_table(g);
	else if (r < 34)
		gt_code(g);
	else if (r < 36)
		gt_bold_paragraph(g);
	else
		gt_paragraph(g, gt_para_target(g), (size_t)-1);
	if (g->len <= g->limit)
		return true;
	g->len = mark;
	return false;
}

/* Append the body's opening blocks (so every article, even a small one,
 * has a paragraph, a heading, a link, a table, a code block, a list and a
 * quote), then random blocks up to g->limit. */
static void
gt_body(struct gt *g)
{
	size_t start = g->len;
	size_t room = g->limit > start ? g->limit - start : 0;
	size_t small = room / 6 > 60 ? room / 6 : 60;
	void (*const opening[])(struct gt *) = {
		gt_heading, gt_table, gt_code, gt_list, gt_quote, gt_image,
	};

	gt_paragraph(g, small < 900 ? small : 900, g->limit);
	for (size_t i = 0; i < GT_N(opening); i++) {
		size_t mark = g->len;
		opening[i](g);
		if (g->len > g->limit)
			g->len = mark;
		if (i == 4 && g->len < g->limit) {
			mark = g->len;
			gt_add_link(g, g->kind == GENTEXT_EN);
			gt_adds(g, g->kind == GENTEXT_EN ? " " : "");
			if (!gt_paragraph(g, small < 600 ? small : 600, g->limit))
				g->len = mark;
		}
	}
	while (!g->oom && gt_random_block(g))
		;
	/* Fill what remains with a paragraph cut to fit. */
	gt_paragraph(g, (size_t)-1, g->limit);
}

/* Choose the query words an archive article carries: Latin ones more
 * often in English and mixed articles. */
static void
gt_pick_recall(struct gt *g)
{
	unsigned kernel_pct = g->kind == GENTEXT_ZH ? 4 :
			      g->kind == GENTEXT_MIXED ? 15 : 30;

	if (gt_chance(g, 3))
		g->recall |= GT_RECALL_QUANTUM;
	if (gt_chance(g, kernel_pct))
		g->recall |= GT_RECALL_KERNEL;
	if (gt_below(g, 1000) < 5)
		g->recall |= GT_RECALL_FULLWIDTH;
	if (gt_below(g, 1000) < 15)
		g->recall |= GT_RECALL_SCHED;
}

/* gentext_article and gentext_archive_article; m may be NULL. */
static char *
gt_article(enum gentext_kind kind, size_t size, uint64_t seed,
	   const struct gentext_meta *m, size_t *len)
{
	struct gt g = { .kind = kind, .meta = m };
	uint64_t z = seed + 0x9E3779B97F4A7C15ULL;	/* splitmix64 */

	if (size > GENTEXT_MAX_SIZE)
		return NULL;
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	g.s = (z ^ (z >> 31)) | 1;
	g.source = gt_pick(&g, gt_sources);
	if (m != NULL) {
		g.source = m->source;
		gt_pick_recall(&g);
	}
	gt_make_title(&g);

	/* The leftovers first, so the body knows where to stop. */
	gt_leftovers(&g);
	char *leftovers = g.oom ? NULL : malloc(g.len);
	size_t leftovers_len = g.len;
	if (leftovers != NULL)
		memcpy(leftovers, g.p, leftovers_len);
	g.len = 0;
	size_t tail = leftovers_len + strlen("：\n。\n") + strlen(gt_closing);

	gt_front_matter(&g, seed);
	gt_page_header(&g);
	g.limit = size > g.len + tail ? size - tail : g.len;
	gt_body(&g);

	/* Pad to exactly size: up to 3 blank lines, then one "，" line per
	 * 4 bytes in the run of punctuation lines, as real pages have. */
	size_t used = g.len + tail;
	size_t gap = size > used ? size - used : 0;
	for (size_t i = 0; i < gap % 4; i++)
		gt_adds(&g, "\n");
	if (leftovers != NULL)
		gt_add(&g, leftovers, leftovers_len);
	gt_adds(&g, "：\n");
	for (size_t i = 0; i < gap / 4; i++)
		gt_adds(&g, "，\n");
	gt_adds(&g, "。\n");
	gt_adds(&g, gt_closing);
	free(leftovers);
	if (g.oom || leftovers == NULL) {
		free(g.p);
		return NULL;
	}
	g.p[g.len] = '\0';
	*len = g.len;
	return g.p;
}

char *
gentext_article(enum gentext_kind kind, size_t size, uint64_t seed,
		size_t *len)
{
	return gt_article(kind, size, seed, NULL, len);
}

char *
gentext_archive_article(enum gentext_kind kind, size_t size, uint64_t seed,
			const struct gentext_meta *m, size_t *len)
{
	return gt_article(kind, size, seed, m, len);
}

bool
gentext_kind_parse(const char *name, enum gentext_kind *kind)
{
	static const char *const names[] = { "zh", "mixed", "en" };

	for (size_t i = 0; i < GT_N(names); i++)
		if (strcmp(name, names[i]) == 0) {
			*kind = (enum gentext_kind)i;
			return true;
		}
	return false;
}

const char *
gentext_kind_name(enum gentext_kind kind)
{
	switch (kind) {
	case GENTEXT_ZH:
		return "zh";
	case GENTEXT_MIXED:
		return "mixed";
	default:
		return "en";
	}
}
