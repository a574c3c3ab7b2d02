/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "genarchive.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gentext.h"

#define GA_N(a) (sizeof (a) / sizeof (a)[0])

/* Account names are a prefix and a suffix: 20 x 15 = 300 of them. */
static const char *const ga_prefixes[] = {
	"数据", "码农", "科技", "云端", "终端", "安全", "开源", "深度", "产品",
	"字节", "硬核", "极客", "前端", "架构", "算法", "芯片", "量子",
	"互联网", "智能", "程序员",
};
static const char *const ga_suffixes[] = {
	"前线", "周刊", "早知道", "观察", "漫谈", "参考", "日报", "笔记",
	"沉思录", "之间", "研究所", "实验室", "说", "君", "圈",
};

#define GA_N_SOURCES (GA_N(ga_prefixes) * GA_N(ga_suffixes))

/* The first and last publication day, as days since 1970-01-01
 * (2013-01-01 and 2025-10-31), and the last fetch day (2025-11-28). */
#define GA_FIRST_DAY 15706
#define GA_LAST_DAY 20392
#define GA_LAST_FETCH_DAY 20420

/* The archive being written. */
struct ga {
	uint64_t s;			/* splitmix64 state */
	const char *dir;
	size_t per_source[GA_N_SOURCES];	/* articles so far; 0: no
						   directory yet */
	uint64_t bytes;
	size_t dirs;
};

/* Return the next 64 random bits (splitmix64: every state is fine). */
static uint64_t
ga_next(struct ga *a)
{
	uint64_t z = (a->s += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* Return a number in [lo, hi]. */
static uint64_t
ga_range(struct ga *a, uint64_t lo, uint64_t hi)
{
	return lo + ga_next(a) % (hi - lo + 1);
}

/* Return a number in [0, 1). */
static double
ga_unit(struct ga *a)
{
	return (double)(ga_next(a) >> 11) / 9007199254740992.0;
}

/* Write the name of source i into out (at most 64 bytes). */
static void
ga_source_name(size_t i, char out[64])
{
	snprintf(out, 64, "%s%s", ga_prefixes[i / GA_N(ga_suffixes)],
		 ga_suffixes[i % GA_N(ga_suffixes)]);
}

/* Pick a source: u squared puts the low numbers first, so a few
 * accounts write most articles, as in a real archive. */
static size_t
ga_pick_source(struct ga *a)
{
	double u = ga_unit(a);
	size_t i = (size_t)(u * u * (double)GA_N_SOURCES);

	return i < GA_N_SOURCES ? i : GA_N_SOURCES - 1;
}

/* Pick an article's kind: 75 % zh, 17 % mixed, 8 % en. */
static enum gentext_kind
ga_pick_kind(struct ga *a)
{
	uint64_t r = ga_range(a, 0, 99);

	return r < 75 ? GENTEXT_ZH : r < 92 ? GENTEXT_MIXED : GENTEXT_EN;
}

/* Pick an article's size in bytes: mostly 4-10 KB, a tail to 50 KB; the
 * mean is about 8.6 KB, 840 MiB per 100,000 articles. */
static size_t
ga_pick_size(struct ga *a)
{
	uint64_t r = ga_range(a, 0, 99);

	if (r < 10)
		return (size_t)ga_range(a, 2000, 4000);
	if (r < 82)
		return (size_t)ga_range(a, 4000, 10000);
	if (r < 97)
		return (size_t)ga_range(a, 10000, 20000);
	return (size_t)ga_range(a, 20000, 50000);
}

/* Write day (days since 1970-01-01) as YYYY-MM-DD into out
 * (Howard Hinnant's civil_from_days). */
static void
ga_format_day(long day, char out[64])
{
	long z = day + 719468;
	long era = z / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long d = doy - (153 * mp + 2) / 5 + 1;
	long m = mp < 10 ? mp + 3 : mp - 9;
	long y = yoe + era * 400 + (m <= 2);

	snprintf(out, 64, "%04ld-%02ld-%02ld", y % 10000, m, d);
}

/* Write an article's dates: published more often recently than long ago
 * (the larger of two uniform numbers: density rising linearly); saved
 * within a month mostly, else up to two and a half years later. */
static void
ga_pick_dates(struct ga *a, char date[64], char fetch[96])
{
	double u = ga_unit(a), v = ga_unit(a);
	long span = GA_LAST_DAY - GA_FIRST_DAY;
	long day = GA_FIRST_DAY + (long)((double)span * (u > v ? u : v));
	long later = ga_range(a, 0, 99) < 70 ? (long)ga_range(a, 0, 30)
					      : (long)ga_range(a, 31, 900);
	long fday = day + later < GA_LAST_FETCH_DAY ? day + later
						      : GA_LAST_FETCH_DAY;
	char fd[64];

	ga_format_day(day, date);
	ga_format_day(fday, fd);
	snprintf(fetch, 96, "%sT%02u:%02u:%02u.%06u", fd,
		 (unsigned)ga_range(a, 0, 23), (unsigned)ga_range(a, 0, 59),
		 (unsigned)ga_range(a, 0, 59), (unsigned)ga_range(a, 0, 999999));
}

/* Create path as a directory; one that exists already is fine. */
static bool
ga_mkdir(const char *path)
{
	if (mkdir(path, 0777) == 0 || errno == EEXIST)
		return true;
	fprintf(stderr, "gen: cannot create %s: %s\n", path, strerror(errno));
	return false;
}

/* Write len bytes of s to a new file at path. */
static bool
ga_write_file(const char *path, const char *s, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
	size_t done = 0;

	if (fd < 0) {
		fprintf(stderr, "gen: cannot create %s: %s\n", path,
			strerror(errno));
		return false;
	}
	while (done < len) {
		ssize_t n = write(fd, s + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	if (close(fd) != 0 || done < len) {
		fprintf(stderr, "gen: cannot write %s: %s\n", path,
			strerror(errno));
		return false;
	}
	return true;
}

/* Generate article number serial and write it into its source's
 * directory. */
static bool
ga_article(struct ga *a, uint64_t serial)
{
	char source[64], date[64], fetch[96], path[4096];
	size_t src = ga_pick_source(a);
	enum gentext_kind kind = ga_pick_kind(a);
	size_t size = ga_pick_size(a);
	uint64_t seed = ga_next(a), name = ga_next(a);
	struct gentext_meta m = {
		.source = source, .date = date, .fetch_date = fetch,
		.serial = serial,
	};
	size_t len;

	ga_source_name(src, source);
	ga_pick_dates(a, date, fetch);
	snprintf(path, sizeof path, "%s/%s", a->dir, source);
	if (a->per_source[src] == 0) {
		if (!ga_mkdir(path))
			return false;
		a->dirs++;
	}
	snprintf(path, sizeof path, "%s/%s/%03zu_%016llx.txt", a->dir, source,
		 a->per_source[src]++, (unsigned long long)name);
	char *text = gentext_archive_article(kind, size, seed, &m, &len);
	if (text == NULL) {
		fprintf(stderr, "gen: out of memory\n");
		return false;
	}
	bool ok = ga_write_file(path, text, len);
	a->bytes += len;
	free(text);
	return ok;
}

int
genarchive_write(const char *dir, uint64_t count, uint64_t seed, FILE *out)
{
	struct ga *a = calloc(1, sizeof *a);

	if (a == NULL) {
		fprintf(stderr, "gen: out of memory\n");
		return 1;
	}
	a->s = seed;
	a->dir = dir;
	bool ok = ga_mkdir(dir);
	for (uint64_t i = 0; ok && i < count; i++)
		ok = ga_article(a, i);
	if (ok)
		fprintf(out, "%llu articles, %llu bytes, %zu directories\n",
			(unsigned long long)count, (unsigned long long)a->bytes,
			a->dirs);
	free(a);
	return ok ? 0 : 1;
}
