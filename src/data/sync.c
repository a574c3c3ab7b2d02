/* SPDX-License-Identifier: MIT */
/*
 * sync.c: writing this device's journal, reading everyone's, merging.
 *
 * Merging is a fold into sync_field (store_sync.h): a record replaces the
 * one kept for its field only when its stamp is later, so the fold of
 * any set of records, in any order, any number of times, keeps the same
 * winners. What the user's tables hold follows from the winners alone
 * ("settling"): the read field sets read_at, the place field position
 * and percent, and a highlight is its body (a tombstone deletes it) with
 * the note and colour of whichever of body, note and colour record is
 * later. So every device that has read the same journals holds the same
 * state. A field whose article is not here stays unsettled and is tried
 * again at every run.
 */
#include "config.h"
#include "data/sync.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/xmem.h"
#include "data/journal.h"
#include "data/store.h"
#include "data/store_sync.h"

/* Records written in one transaction at most while reading journals, so
 * another connection never waits long for the write lock. */
#define SYNC_BATCH 2000

/* Bad lines reported one by one per file; the rest are counted. */
#define SYNC_MAX_REPORTS 10

/* The device file in each device's folder: its name, for --status, and
 * the token of the database that owns the id, to notice two databases
 * using one id (a copied database). */
#define SYNC_DEVICE_FILE "device"
#define SYNC_DEVICE_MAGIC "tsundoku-device 1"

/* An article id by one of its identities ("u:", "h:" or "p:" key). */
struct sync_ident {
	char *key;
	int64_t id;
};

struct sync {
	struct store *store;
	char *dir;		/* the shared folder */
	char *own;		/* dir/<dev> */
	char dev[JOURNAL_DEVICE_LEN + 1];
	char *name;
	char **roots;
	size_t n_roots;
	bool no_fsync;
	int64_t skew_ms;
	struct hlc clock;
	int64_t last_arrival;	/* unix ms */
	char *notice;		/* what sync_open has to tell; NULL */
	struct sync_ident *ids;	/* sorted by key; built once per run */
	size_t n_ids;
	bool ids_loaded;
};

/* The state of one run: where warnings go, what was done. */
struct sync_pass {
	struct sync *sy;
	sync_warn_fn warn;
	void *ctx;
	struct sync_tally *t;
	struct err *err;
	bool failed;		/* the database failed: stop */
	const char *name;	/* the file being read, relative to dir */
	const char *folder_dev;	/* the device whose folder it is in */
	struct store_sync_file f;
	size_t in_batch;	/* records in the open transaction */
	size_t reports;		/* bad lines reported in this file */
	bool future_told;	/* this file's clock was reported */
	struct hlc saw_last;	/* the latest stamp read in this batch */
	int64_t saw_n;		/* records read in this batch */
};

/* Return a heap string formatted as printf would. */
static char *
sync_strf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *
sync_strf(const char *fmt, ...)
{
	struct buf b;
	va_list ap;

	buf_init(&b);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return buf_detach(&b);
}

/* Append a formatted heap string to the list *v of *n. */
static void
sync_list_addf(char ***v, size_t *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
sync_list_addf(char ***v, size_t *n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_list_vaddf(v, n, fmt, ap);
	va_end(ap);
}

/* Return the wall time in unix ms, with the test's skew. */
static int64_t
sync_now(const struct sync *sy)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 + sy->skew_ms;
}

const char *
sync_device(const struct sync *sy)
{
	return sy->dev;
}

const char *
sync_dir(const struct sync *sy)
{
	return sy->dir;
}

const char *
sync_notice(const struct sync *sy)
{
	return sy->notice;
}

int64_t
sync_last_arrival(struct sync *sy)
{
	return sy->last_arrival;
}

/* Fill out[0..n) with random bytes. */
static bool
sync_random(unsigned char *out, size_t n, struct err *err)
{
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	ssize_t got = fd >= 0 ? read(fd, out, n) : -1;

	if (fd >= 0)
		close(fd);
	if (got != (ssize_t)n)
		return err_set(err, _("cannot read /dev/urandom: %s"),
			       strerror(errno));
	return true;
}

/* Store in hex (n * 2 + 1 bytes) n random bytes as hex digits. */
static bool
sync_random_hex(char *hex, size_t n, struct err *err)
{
	unsigned char b[32];

	if (n > sizeof b || !sync_random(b, n, err))
		return false;
	for (size_t i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", b[i]);
	return true;
}

/* Make directory path (one level) unless it exists. */
static bool
sync_mkdir(const char *path, struct err *err)
{
	if (mkdir(path, 0755) == 0 || errno == EEXIST)
		return true;
	return err_set(err, _("cannot create %s: %s"), path, strerror(errno));
}

/* Read the device file of folder into *name and *token (heap, NULL when
 * absent); false when there is none or it is not one. */
static bool
sync_read_device_file(const char *folder, char **name, char **token)
{
	char text[4096], path[4096];
	int fd;
	ssize_t n;

	*name = *token = NULL;
	snprintf(path, sizeof path, "%s/%s", folder, SYNC_DEVICE_FILE);
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, text, sizeof text - 1);
	close(fd);
	if (n <= 0)
		return false;
	text[n] = '\0';
	if (strncmp(text, SYNC_DEVICE_MAGIC "\n", strlen(SYNC_DEVICE_MAGIC) + 1) != 0)
		return false;
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		for (char *p = line; *p != '\0'; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				*p = '?';	/* shown by --status */
		if (strncmp(line, "name ", 5) == 0 && *name == NULL)
			*name = xstrdup(line + 5);
		else if (strncmp(line, "db ", 3) == 0 && *token == NULL)
			*token = xstrdup(line + 3);
	}
	return true;
}

/* Write this device's file (its name and token) into its folder. */
static bool
sync_write_device_file(struct sync *sy, const char *token, struct err *err)
{
	struct buf path, tmp, text;
	bool ok;

	buf_init(&path);
	buf_init(&tmp);
	buf_init(&text);
	buf_printf(&path, "%s/%s", sy->own, SYNC_DEVICE_FILE);
	buf_printf(&tmp, "%s/.%s.tmp", sy->own, SYNC_DEVICE_FILE);
	buf_printf(&text, "%s\nname %s\ndb %s\n", SYNC_DEVICE_MAGIC, sy->name,
		   token);
	unlink(tmp.data);
	ok = journal_append(tmp.data, text.data, text.len, err);
	if (ok && rename(tmp.data, path.data) != 0)
		ok = err_set(err, _("cannot write %s: %s"), path.data,
			     strerror(errno));
	buf_fini(&path);
	buf_fini(&tmp);
	buf_fini(&text);
	return ok;
}

/* Take this device's id and token from the database, or make them;
 * claim its folder. A folder whose device file names another database
 * means two databases share the id: this one takes a new id. */
static bool
sync_claim(struct sync *sy, struct err *err)
{
	char *dev = NULL, *token = NULL, *name = NULL, *their = NULL;
	char fresh[2 * 16 + 1];
	bool ok = store_sync_meta_get(sy->store, "device", &dev, err) &&
		  store_sync_meta_get(sy->store, "token", &token, err);

	if (ok && token == NULL) {
		ok = sync_random_hex(fresh, 16, err) &&
		     store_sync_meta_put(sy->store, "token", fresh, err);
		token = ok ? xstrdup(fresh) : NULL;
	}
	for (int tries = 0; ok && tries < 2; tries++) {
		if (dev == NULL || strlen(dev) != JOURNAL_DEVICE_LEN) {
			free(dev);
			ok = sync_random_hex(fresh, JOURNAL_DEVICE_LEN / 2, err) &&
			     store_sync_meta_put(sy->store, "device", fresh, err);
			dev = ok ? xstrdup(fresh) : NULL;
			if (!ok)
				break;
		}
		memcpy(sy->dev, dev, JOURNAL_DEVICE_LEN + 1);
		free(sy->own);
		sy->own = NULL;
		sy->own = sync_strf("%s/%s", sy->dir, sy->dev);
		free(name);
		free(their);
		if (!sync_read_device_file(sy->own, &name, &their) ||
		    their == NULL || strcmp(their, token) == 0)
			break;
		/* Another database writes here: never mix journals. */
		free(sy->notice);
		sy->notice = sync_strf(_("another database uses this device's "
					 "id %s (%s); this one takes a new id"),
				       dev, name != NULL ? name : "?");
		free(dev);
		dev = NULL;
	}
	free(name);
	free(their);
	name = their = NULL;
	ok = ok && sync_mkdir(sy->own, err);
	if (ok) {	/* written when it changed only: others watch it */
		sync_read_device_file(sy->own, &name, &their);
		if (name == NULL || their == NULL || strcmp(name, sy->name) != 0 ||
		    strcmp(their, token) != 0)
			ok = sync_write_device_file(sy, token, err);
		free(name);
		free(their);
		name = their = NULL;
	}
	free(dev);
	free(token);
	return ok;
}

/* Set the clock from what the database kept. */
static void
sync_load_clock(struct sync *sy)
{
	char *v = NULL;
	struct err err;

	err_init(&err);
	if (store_sync_meta_get(sy->store, "clock", &v, &err) && v != NULL) {
		long long ms = 0;
		unsigned c = 0;
		if (sscanf(v, "%lld.%u", &ms, &c) == 2)
			sy->clock = (struct hlc){ .ms = ms, .c = c };
	}
	free(v);
	v = NULL;
	if (store_sync_meta_get(sy->store, "arrived", &v, &err) && v != NULL)
		sy->last_arrival = strtoll(v, NULL, 10);
	free(v);
	err_fini(&err);
}

bool
sync_open(struct store *s, const struct sync_opts *o, struct sync **out,
	  struct err *err)
{
	struct sync *sy = xcalloc(1, sizeof *sy);
	char host[256];

	sy->store = s;
	sy->dir = xstrdup(o->dir);
	if (o->name != NULL && o->name[0] != '\0') {
		sy->name = xstrdup(o->name);
	} else {
		if (gethostname(host, sizeof host) != 0)
			snprintf(host, sizeof host, "?");
		host[sizeof host - 1] = '\0';
		sy->name = xstrdup(host);
	}
	for (char *p = sy->name; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20)
			*p = ' ';
	sy->roots = xcalloc(o->n_roots + 1, sizeof *sy->roots);
	for (size_t i = 0; i < o->n_roots; i++)
		sy->roots[i] = xstrdup(o->roots[i]);
	sy->n_roots = o->n_roots;
	sy->no_fsync = o->no_fsync;
	sy->skew_ms = o->skew_ms;
	if (!sync_mkdir(sy->dir, err) || !sync_claim(sy, err)) {
		err_prefix(err, _("sync folder %s"), o->dir);
		sync_close(sy);
		return false;
	}
	sync_load_clock(sy);
	*out = sy;
	return true;
}

/* Forget the identity map. */
static void
sync_ids_free(struct sync *sy)
{
	for (size_t i = 0; i < sy->n_ids; i++)
		free(sy->ids[i].key);
	free(sy->ids);
	sy->ids = NULL;
	sy->n_ids = 0;
	sy->ids_loaded = false;
}

void
sync_close(struct sync *sy)
{
	if (sy == NULL)
		return;
	sync_ids_free(sy);
	for (size_t i = 0; i < sy->n_roots; i++)
		free(sy->roots[i]);
	free(sy->roots);
	free(sy->dir);
	free(sy->own);
	free(sy->name);
	free(sy->notice);
	free(sy);
}

/*
 * Identities.
 */

/* Return path below the archive root holding it (its file name when no
 * root does), borrowed from path. */
static const char *
sync_rel_path(const struct sync *sy, const char *path)
{
	const char *slash;

	for (size_t i = 0; i < sy->n_roots; i++) {
		size_t n = strlen(sy->roots[i]);
		if (n > 1 && strncmp(path, sy->roots[i], n) == 0 &&
		    path[n] == '/' && path[n + 1] != '\0')
			return path + n + 1;
	}
	slash = strrchr(path, '/');
	return slash != NULL && slash[1] != '\0' ? slash + 1 : path;
}

/* The identities of one article, as a record names it. */
struct sync_names {
	bool found;
	int64_t id;
	char *url;	/* normalised; heap */
	char *hash;	/* heap */
	char *path;	/* relative; heap */
};

static void
sync_names_fini(struct sync_names *n)
{
	free(n->url);
	free(n->hash);
	free(n->path);
	memset(n, 0, sizeof *n);
}

/* Context of sync_names_cb. */
struct sync_names_ctx {
	struct sync *sy;
	struct sync_names *out;
};

static void
sync_names_cb(const struct store_sync_article *a, void *ctx)
{
	struct sync_names_ctx *c = ctx;

	c->out->found = true;
	c->out->id = a->id;
	c->out->url = journal_normalise_url(a->url);
	c->out->hash = a->hash != NULL && a->hash[0] != '\0'
		? xstrdup(a->hash) : NULL;
	c->out->path = xstrdup(sync_rel_path(c->sy, a->path));
}

/* Append an identity of article id, key prefix and value, to the map. */
static void
sync_ids_add(struct sync *sy, size_t *cap, const char *prefix,
	     const char *value, int64_t id)
{
	if (value == NULL || value[0] == '\0')
		return;
	if (sy->n_ids == *cap) {
		*cap = *cap ? 2 * *cap : 1024;
		sy->ids = xreallocarray(sy->ids, *cap, sizeof *sy->ids);
	}
	sy->ids[sy->n_ids].key = sync_strf("%s%s", prefix, value);
	sy->ids[sy->n_ids++].id = id;
}

/* Context of sync_ids_cb. */
struct sync_ids_ctx {
	struct sync *sy;
	size_t cap;
};

static void
sync_ids_cb(const struct store_sync_article *a, void *ctx)
{
	struct sync_ids_ctx *c = ctx;
	char *url = journal_normalise_url(a->url);

	sync_ids_add(c->sy, &c->cap, "u:", url, a->id);
	sync_ids_add(c->sy, &c->cap, "h:", a->hash, a->id);
	sync_ids_add(c->sy, &c->cap, "p:", sync_rel_path(c->sy, a->path), a->id);
	free(url);
}

/* Order identities by key, then id (the oldest article of two with one
 * url is the one a record applies to). */
static int
sync_ids_cmp(const void *a, const void *b)
{
	const struct sync_ident *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c != 0 ? c : (x->id > y->id) - (x->id < y->id);
}

/* Load the identity map, once per run. */
static bool
sync_ids_load(struct sync *sy, struct err *err)
{
	struct sync_ids_ctx c = { .sy = sy };

	if (sy->ids_loaded)
		return true;
	if (!store_sync_articles(sy->store, sync_ids_cb, &c, err))
		return false;
	if (sy->n_ids > 0)	/* sy->ids may be NULL then */
		qsort(sy->ids, sy->n_ids, sizeof *sy->ids, sync_ids_cmp);
	sy->ids_loaded = true;
	return true;
}

/* Return the article id named prefix value, 0 when none. */
static int64_t
sync_ids_find(const struct sync *sy, const char *prefix, const char *value)
{
	size_t lo = 0, hi = sy->n_ids, n = strlen(prefix);

	if (value == NULL || value[0] == '\0')
		return 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *k = sy->ids[mid].key;
		int c = strncmp(k, prefix, n);
		if (c == 0)
			c = strcmp(k + n, value);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < sy->n_ids && strncmp(sy->ids[lo].key, prefix, n) == 0 &&
	    strcmp(sy->ids[lo].key + n, value) == 0)
		return sy->ids[lo].id;
	return 0;
}

/* Return the article r names here: by url, else hash, else path; 0
 * when this device does not have it. */
static int64_t
sync_resolve(struct sync *sy, const struct journal_rec *r)
{
	char *url = journal_normalise_url(r->url);
	int64_t id = sync_ids_find(sy, "u:", url);

	free(url);
	if (id == 0)
		id = sync_ids_find(sy, "h:", r->hash);
	if (id == 0)
		id = sync_ids_find(sy, "p:", r->path);
	return id;
}

/*
 * Writing.
 */

/* Return the segment of this device for time ms: YYYY-MM.jsonl. */
static char *
sync_segment(const struct sync *sy, int64_t ms)
{
	time_t secs = (time_t)(ms / 1000);
	struct tm tm;
	char *path;

	gmtime_r(&secs, &tm);
	path = sync_strf("%s/%04d-%02d.jsonl", sy->own, tm.tm_year + 1900,
		  tm.tm_mon + 1);
	return path;
}

/* Append r to this device's journal. */
static bool
sync_write(struct sync *sy, const struct journal_rec *r, struct err *err)
{
	struct buf line;
	char *path = sync_segment(sy, r->at.ms);
	bool ok;

	buf_init(&line);
	journal_format(r, &line);
	if (sy->no_fsync) {
		FILE *f = fopen(path, "a");
		ok = f != NULL && fwrite(line.data, 1, line.len, f) == line.len;
		ok = f != NULL && fclose(f) == 0 && ok;
		if (!ok)
			err_set(err, _("cannot write %s: %s"), path, strerror(errno));
	} else {
		ok = journal_append(path, line.data, line.len, err);
	}
	buf_fini(&line);
	free(path);
	return ok;
}

/* Fill r's kind and value from change c; false for a change that is not
 * journaled. */
static bool
sync_rec_value(const struct store_state_change *c, struct journal_rec *r)
{
	switch (c->kind) {
	case STORE_CHANGE_READING:
		if (!c->has_place && !c->has_read)
			return false;
		r->kind = c->has_place ? JOURNAL_PLACE : JOURNAL_READ;
		r->read = c->place.read;
		r->position = (int64_t)c->place.position;
		r->percent = c->place.percent;
		return true;
	case STORE_CHANGE_HL_ADD:
		r->kind = JOURNAL_HL;
		r->start = (int64_t)c->hl.start;
		r->end = (int64_t)c->hl.end;
		r->quote = c->hl.quote;
		r->prefix = c->hl.prefix;
		r->suffix = c->hl.suffix;
		r->note = c->hl.note;
		r->color = c->hl.color;
		r->created = c->hl.created;
		return true;
	case STORE_CHANGE_HL_NOTE:
		r->kind = JOURNAL_NOTE;
		r->note = c->hl.note;
		return true;
	case STORE_CHANGE_HL_COLOR:
		r->kind = JOURNAL_COLOR;
		r->color = c->hl.color;
		return true;
	case STORE_CHANGE_HL_DELETE:
		r->kind = JOURNAL_HL_DEL;
		return true;
	case STORE_CHANGE_SESSION:
	case STORE_CHANGE_REVIEW:
		/* Reading sessions and the review schedule stay on this
		 * device until the journal has kinds for them. */
		return false;
	}
	return false;
}

/* Return the sync id of highlight id, heap. */
static char *
sync_hl_uid(struct sync *sy, int64_t id)
{
	char *uid = NULL;
	struct err err;

	err_init(&err);
	if (!store_sync_hl_uid(sy->store, id, sy->dev, &uid, &err) ||
	    uid == NULL)
		uid = sync_strf("%s-%" PRId64, sy->dev, id);	/* not written yet */
	err_fini(&err);
	return uid;
}

bool
sync_record(struct sync *sy, const struct store_state_change *c,
	    struct err *err)
{
	struct journal_rec r = { .version = JOURNAL_VERSION, .dev = sy->dev };
	struct sync_names names = { 0 };
	struct sync_names_ctx nc = { .sy = sy, .out = &names };
	char *uid = NULL;
	bool ok;

	if (!sync_rec_value(c, &r))
		return true;
	if (!store_sync_article(sy->store, c->article_id, sync_names_cb, &nc, err))
		return false;
	if (!names.found) {
		sync_names_fini(&names);
		return true;	/* no article: nothing another device can match */
	}
	r.url = names.url;
	r.hash = names.hash;
	r.path = names.path;
	if (c->kind != STORE_CHANGE_READING)
		r.hl = uid = sync_hl_uid(sy, c->hl.id);
	r.at = hlc_tick(&sy->clock, sync_now(sy));
	ok = sync_write(sy, &r, err);
	free(uid);
	sync_names_fini(&names);
	return ok;
}

/*
 * Settling: making the user's tables say what the winners say.
 */

/* Parse the record kept in f into *r; false (r empty) when it does not
 * parse, which cannot happen for a record that was folded. */
static bool
sync_parse_kept(const struct store_sync_field *f, struct journal_rec *r)
{
	struct err err;
	bool ok;

	err_init(&err);
	ok = f->found && journal_parse_line(f->rec, strlen(f->rec), r, &err) ==
			 JOURNAL_OK;
	err_fini(&err);
	return ok;
}

/* Compare two kept fields' stamps, device ids breaking ties, then the
 * records' text (two records of one device with one stamp: two
 * processes on one database; rare, but the order must not matter). */
static int
sync_field_cmp(const struct store_sync_field *a,
	       const struct store_sync_field *b)
{
	int c = hlc_cmp(a->at, b->at);

	if (c == 0)
		c = strcmp(a->dev, b->dev);
	return c != 0 ? c : strcmp(a->rec, b->rec);
}

/* Settle the reading field of key (read or place). */
static bool
sync_settle_reading(struct sync_pass *p, const char *key, const char *field)
{
	struct store_sync_field f;
	struct journal_rec r;
	bool ok = store_sync_field_get(p->sy->store, key, field, &f, p->err);
	int64_t id = 0;

	if (ok && sync_parse_kept(&f, &r)) {
		id = sync_resolve(p->sy, &r);
		if (id != 0 && strcmp(field, "read") == 0)
			ok = store_sync_put_read(p->sy->store, id, r.read,
						 r.at.ms, p->err);
		else if (id != 0)
			ok = store_sync_put_place(p->sy->store, id, r.position,
						  r.percent, r.at.ms, p->err);
		if (ok && id != 0)
			ok = store_sync_settle(p->sy->store, key, field, p->err);
		if (id != 0)
			p->t->applied++;
	}
	journal_rec_fini(&r);
	store_sync_field_fini(&f);
	return ok;
}

/* The three fields of a highlight, kept. */
struct sync_hl_fields {
	struct store_sync_field body, note, color;
	struct journal_rec rb, rn, rc;
};

static void
sync_hl_fields_fini(struct sync_hl_fields *h)
{
	store_sync_field_fini(&h->body);
	store_sync_field_fini(&h->note);
	store_sync_field_fini(&h->color);
	journal_rec_fini(&h->rb);
	journal_rec_fini(&h->rn);
	journal_rec_fini(&h->rc);
}

/* Mark the found fields of a highlight settled. */
static bool
sync_hl_settled(struct sync_pass *p, const char *key,
		const struct sync_hl_fields *h)
{
	bool ok = store_sync_settle(p->sy->store, key, "body", p->err);

	if (ok && h->note.found)
		ok = store_sync_settle(p->sy->store, key, "note", p->err);
	if (ok && h->color.found)
		ok = store_sync_settle(p->sy->store, key, "color", p->err);
	return ok;
}

/* Write highlight key's merged state: deleted, or its body with the
 * latest note and colour. Without a body (its record not read yet) or
 * an article, it waits. */
static bool
sync_settle_hl(struct sync_pass *p, const char *key)
{
	struct store *s = p->sy->store;
	struct sync_hl_fields h;
	bool ok;
	int64_t id;

	memset(&h, 0, sizeof h);
	ok = store_sync_field_get(s, key, "body", &h.body, p->err) &&
	     store_sync_field_get(s, key, "note", &h.note, p->err) &&
	     store_sync_field_get(s, key, "color", &h.color, p->err);
	if (!ok || !sync_parse_kept(&h.body, &h.rb))
		goto out;
	if (h.rb.kind == JOURNAL_HL_DEL) {
		ok = store_sync_delete_hl(s, key + 3, p->sy->dev, p->err) &&
		     sync_hl_settled(p, key, &h);
		p->t->applied++;
		goto out;
	}
	if ((id = sync_resolve(p->sy, &h.rb)) == 0)
		goto out;
	struct store_sync_hl hl = {
		.uid = key + 3, .article_id = id, .start = h.rb.start,
		.end = h.rb.end, .quote = h.rb.quote, .prefix = h.rb.prefix,
		.suffix = h.rb.suffix, .note = h.rb.note, .color = h.rb.color,
		.created = h.rb.created, .updated = h.rb.at.ms,
	};
	if (h.note.found && sync_field_cmp(&h.note, &h.body) > 0 &&
	    sync_parse_kept(&h.note, &h.rn)) {
		hl.note = h.rn.note;
		hl.updated = h.rn.at.ms > hl.updated ? h.rn.at.ms : hl.updated;
	}
	if (h.color.found && sync_field_cmp(&h.color, &h.body) > 0 &&
	    sync_parse_kept(&h.color, &h.rc)) {
		hl.color = h.rc.color;
		hl.updated = h.rc.at.ms > hl.updated ? h.rc.at.ms : hl.updated;
	}
	ok = store_sync_put_hl(s, &hl, p->sy->dev, p->err) &&
	     sync_hl_settled(p, key, &h);
	p->t->applied++;
out:
	sync_hl_fields_fini(&h);
	return ok;
}

/* Settle field of key. */
static bool
sync_settle(struct sync_pass *p, const char *key, const char *field)
{
	if (!sync_ids_load(p->sy, p->err))
		return false;
	if (strncmp(key, "hl:", 3) == 0)
		return sync_settle_hl(p, key);
	return sync_settle_reading(p, key, field);
}

/*
 * Reading journals.
 */

/* Report a problem with line lineno of the file being read. */
static void
sync_report(struct sync_pass *p, size_t lineno, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
sync_report(struct sync_pass *p, size_t lineno, const char *fmt, ...)
{
	struct buf msg;
	va_list ap;

	p->t->bad++;
	if (++p->reports > SYNC_MAX_REPORTS || p->warn == NULL)
		return;
	buf_init(&msg);
	buf_printf(&msg, "%s/%s:%zu: ", p->sy->dir, p->name, lineno);
	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	if (p->reports == SYNC_MAX_REPORTS)
		buf_printf(&msg, " %s", _("(further problems in this file are not shown)"));
	p->warn(msg.data, p->ctx);
	buf_fini(&msg);
}

/* Commit the open batch with the file's progress and what it read of
 * its device, and open the next. */
static bool
sync_commit(struct sync_pass *p, bool reopen)
{
	bool ok = store_sync_file_put(p->sy->store, p->name, &p->f, p->err);

	if (ok && p->saw_n > 0)
		ok = store_sync_saw(p->sy->store, p->folder_dev, p->saw_last,
				    p->saw_n, sync_now(p->sy), p->err);
	p->saw_n = 0;
	p->saw_last = (struct hlc){ 0 };

	if (!store_batch_end(p->sy->store, ok, p->err))
		ok = false;
	p->in_batch = 0;
	if (ok && reopen)
		ok = store_batch_begin(p->sy->store, p->err);
	p->failed = !ok;
	return ok;
}

/* Fold the field of key to r (whose line is rec), settling it when it
 * wins: an article's field at once, from r, when the article is here
 * (id), a highlight's from its three fields. */
static bool
sync_fold(struct sync_pass *p, const struct journal_rec *r, const char *key,
	  const char *field, const char *rec, int64_t id)
{
	bool won, hl = r->kind >= JOURNAL_HL, ok;
	struct store *s = p->sy->store;

	if (!store_sync_fold(s, key, field, r->at, r->dev, rec, !hl && id != 0,
			     &won, p->err))
		return false;
	if (!won)
		return true;
	p->t->won++;
	if (strcmp(r->dev, p->sy->dev) != 0)
		p->sy->last_arrival = sync_now(p->sy);
	if (hl)
		return sync_settle(p, key, field);
	if (id == 0)
		return true;	/* waits for its article */
	p->t->applied++;
	if (strcmp(field, "read") == 0)
		ok = store_sync_put_read(s, id, r->read, r->at.ms, p->err);
	else
		ok = store_sync_put_place(s, id, r->position, r->percent,
					  r->at.ms, p->err);
	return ok;
}

/* Fold record r, read as rec. */
static bool
sync_fold_rec(struct sync_pass *p, const struct journal_rec *r,
	      const char *rec)
{
	static const char *const fields[JOURNAL_N_KINDS] = {
		[JOURNAL_READ] = "read", [JOURNAL_PLACE] = "place",
		[JOURNAL_HL] = "body", [JOURNAL_HL_DEL] = "body",
		[JOURNAL_NOTE] = "note", [JOURNAL_COLOR] = "color",
	};
	char *key;
	bool ok;

	int64_t id = 0;

	if (r->kind >= JOURNAL_HL) {
		key = sync_strf("hl:%s", r->hl);
	} else {
		key = journal_article_key(r);
		if (!sync_ids_load(p->sy, p->err)) {
			free(key);
			return false;
		}
		id = sync_resolve(p->sy, r);
	}
	ok = sync_fold(p, r, key, fields[r->kind], rec, id);
	if (ok && r->kind == JOURNAL_PLACE)	/* a place says read too */
		ok = sync_fold(p, r, key, "read", rec, id);
	free(key);
	return ok;
}

/* Check the stamp of r against this device's clock: follow it, or
 * report (once a file) a device whose clock runs far ahead. */
static void
sync_observe(struct sync_pass *p, const struct journal_rec *r, size_t lineno)
{
	if (hlc_observe(&p->sy->clock, r->at, sync_now(p->sy)) || p->future_told)
		return;
	p->future_told = true;
	p->t->bad--;	/* a warning, not a skipped line */
	sync_report(p, lineno, _("device %s stamps its changes more than a day "
				 "ahead of this clock; check its clock (they "
				 "are merged as stamped)"), r->dev);
}

/* Take one complete line of the file being read. */
static bool
sync_line(const char *line, size_t len, size_t lineno, int64_t end_off,
	  void *ctx)
{
	struct sync_pass *p = ctx;
	struct journal_rec r;
	struct err err;
	enum journal_parse res;
	bool ok = true;

	lineno++;	/* journal_read counts from 0 here */
	p->f.off = end_off;
	p->f.line = (int64_t)lineno;
	if (len == 0 || (len == 1 && line[0] == '\r'))
		return true;
	err_init(&err);
	res = journal_parse_line(line, len, &r, &err);
	if (res == JOURNAL_BAD) {
		sync_report(p, lineno, _("%s; line skipped"), err_msg(&err));
	} else if (res == JOURNAL_FUTURE) {
		sync_report(p, lineno, _("a record of journal version %d, newer "
					 "than this tsundoku reads (%d); skipped"),
			    r.version, JOURNAL_VERSION);
	} else if (strcmp(r.dev, p->folder_dev) != 0) {
		sync_report(p, lineno, _("a record of device %s in the folder "
					 "of device %s; skipped"),
			    r.dev, p->folder_dev);
	} else {
		char *url = journal_normalise_url(r.url);
		free(r.url);	/* as this device would have written it */
		r.url = url;
		p->t->records++;
		if (strcmp(r.dev, p->sy->dev) != 0)
			p->t->remote++;
		sync_observe(p, &r, lineno);
		ok = sync_fold_rec(p, &r, line);
		p->saw_n++;
		if (hlc_cmp(r.at, p->saw_last) > 0)
			p->saw_last = r.at;
		if (ok && ++p->in_batch >= SYNC_BATCH)
			ok = sync_commit(p, true);
		p->failed = !ok;
	}
	journal_rec_fini(&r);
	err_fini(&err);
	return ok;
}

/* Report a line too long to be a record. */
static void
sync_too_long(size_t lineno, void *ctx)
{
	struct sync_pass *p = ctx;

	sync_report(p, lineno + 1, _("a line longer than %d bytes; skipped"),
		    JOURNAL_MAX_LINE);
}

/* Return a hash of the first line of the file at path (at most 256
 * bytes of it), 0 when it has no complete first line yet. */
static int64_t
sync_head(const char *path)
{
	char b[256];
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, b, sizeof b) : -1;
	uint64_t h = 1469598103934665603ULL;

	if (fd >= 0)
		close(fd);
	if (n <= 0 || memchr(b, '\n', (size_t)n) == NULL)
		return 0;
	for (ssize_t i = 0; i < n && b[i] != '\n'; i++)
		h = (h ^ (unsigned char)b[i]) * 1099511628211ULL;
	return (int64_t)(h >> 1) | 1;
}

/* Read what is new in journal file name (below dir) of device dev. */
static bool
sync_file(struct sync_pass *p, const char *dev, const char *name)
{
	struct sync *sy = p->sy;
	char *path;
	struct stat sb;
	int64_t head, end;
	struct err rerr;
	bool ok;

	path = sync_strf("%s/%s", sy->dir, name);
	if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		free(path);
		return true;
	}
	if (!store_sync_file_get(sy->store, name, &p->f, p->err)) {
		free(path);
		return false;
	}
	head = sync_head(path);
	if ((int64_t)sb.st_size < p->f.off || head != p->f.head) {
		/* Replaced (compacted, or copied again): read it whole;
		 * what was folded already changes nothing. */
		p->f = (struct store_sync_file){ .head = head };
	}
	if ((int64_t)sb.st_size == p->f.off) {
		free(path);
		return true;
	}
	p->name = name;
	p->folder_dev = dev;
	p->reports = 0;
	p->future_told = false;
	p->t->files++;
	err_init(&rerr);
	ok = store_batch_begin(sy->store, p->err);
	if (ok && !journal_read(path, p->f.off, (size_t)p->f.line, sync_line,
				sync_too_long, p, &end, &rerr) && !p->failed) {
		p->t->bad++;
		if (p->warn != NULL)
			p->warn(err_msg(&rerr), p->ctx);
	}
	if (ok && !p->failed)
		ok = sync_commit(p, false);
	else if (ok)
		ok = store_batch_end(sy->store, false, NULL);
	err_fini(&rerr);
	free(path);
	return ok && !p->failed;
}

/* Compare two names for qsort. */
static int
sync_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Store in *names (heap, sorted) the entries of directory path that
 * keep(name) accepts. */
static void
sync_list(const char *path, bool (*keep)(const char *name), char ***names,
	  size_t *n)
{
	DIR *d = opendir(path);
	struct dirent *e;

	*names = NULL;
	*n = 0;
	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL)
		if (keep(e->d_name))
			buf_list_add(names, n, xstrdup(e->d_name));
	closedir(d);
	if (*n > 0)
		qsort(*names, *n, sizeof **names, sync_name_cmp);
}

/* Return whether name is a device folder's name. */
static bool
sync_is_device(const char *name)
{
	size_t n = strspn(name, "0123456789abcdef");

	return n == JOURNAL_DEVICE_LEN && name[n] == '\0';
}

/* Free a list from sync_list. */
static void
sync_list_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Read the new lines of every journal of device dev. */
static bool
sync_device_folder(struct sync_pass *p, const char *dev)
{
	char *folder, **files, *name;
	size_t n;
	bool ok = true;

	folder = sync_strf("%s/%s", p->sy->dir, dev);
	sync_list(folder, journal_is_segment, &files, &n);
	for (size_t i = 0; i < n && ok; i++) {
		name = sync_strf("%s/%s", dev, files[i]);
		ok = sync_file(p, dev, name);
		free(name);
	}
	sync_list_free(files, n);
	free(folder);
	return ok;
}

/* Context of sync_retry_cb: the keys waiting, to settle after the
 * query ends. */
struct sync_waiting {
	char **keys, **fields;
	size_t n, nf;
};

static bool
sync_retry_cb(const char *key, const char *field, void *ctx)
{
	struct sync_waiting *w = ctx;

	buf_list_add(&w->keys, &w->n, xstrdup(key));
	buf_list_add(&w->fields, &w->nf, xstrdup(field));
	return true;
}

/* Settle again what waits for an article. */
static bool
sync_retry(struct sync_pass *p)
{
	struct sync_waiting w = { 0 };
	bool ok = store_sync_unsettled(p->sy->store, sync_retry_cb, &w, p->err);
	size_t k = 0;

	while (ok && k < w.n) {
		ok = store_batch_begin(p->sy->store, p->err);
		for (size_t i = 0; ok && i < SYNC_BATCH && k < w.n; i++, k++)
			ok = sync_settle(p, w.keys[k], w.fields[k]);
		ok = store_batch_end(p->sy->store, ok, p->err) && ok;
	}
	sync_list_free(w.keys, w.n);
	sync_list_free(w.fields, w.nf);
	w = (struct sync_waiting){ 0 };
	if (ok)
		ok = store_sync_unsettled(p->sy->store, sync_retry_cb, &w, p->err);
	p->t->waiting = w.n;
	sync_list_free(w.keys, w.n);
	sync_list_free(w.fields, w.nf);
	return ok;
}

/* Keep the clock and the last arrival in the database. */
static bool
sync_save_clock(struct sync *sy, struct err *err)
{
	char v[64];

	snprintf(v, sizeof v, "%" PRId64 ".%" PRIu32, sy->clock.ms, sy->clock.c);
	if (!store_sync_meta_put(sy->store, "clock", v, err))
		return false;
	snprintf(v, sizeof v, "%" PRId64, sy->last_arrival);
	return store_sync_meta_put(sy->store, "arrived", v, err);
}

bool
sync_run(struct sync *sy, sync_warn_fn warn, void *ctx, struct sync_tally *t,
	 struct err *err)
{
	struct sync_tally tally;
	struct sync_pass p = { .sy = sy, .warn = warn, .ctx = ctx,
			       .t = t != NULL ? t : &tally, .err = err };
	char **devs;
	size_t n;
	bool ok;
	int64_t arrived = sy->last_arrival;

	memset(p.t, 0, sizeof *p.t);
	sync_ids_free(sy);	/* articles may have come or gone */
	/* This device's own records first: a change made here and one
	 * from elsewhere meet in the fold whatever the order, but so the
	 * tables never show the older one even between two batches. */
	ok = sync_device_folder(&p, sy->dev);
	sync_list(sy->dir, sync_is_device, &devs, &n);
	for (size_t i = 0; i < n && ok; i++)
		if (strcmp(devs[i], sy->dev) != 0)
			ok = sync_device_folder(&p, devs[i]);
	sync_list_free(devs, n);
	if (ok)
		ok = sync_retry(&p);
	if (ok && (p.t->records > 0 || arrived != sy->last_arrival))
		ok = sync_save_clock(sy, err);
	sync_ids_free(sy);
	return ok;
}

/*
 * Adoption and compaction.
 */

/* Context of the adoption's callbacks. */
struct sync_adopt {
	struct sync *sy;
	struct buf out;		/* the records to append */
	size_t n;
};

/* Append to the adoption a record for state that no journal has (made
 * before sync was set up, or imported), stamped now. */
static void
sync_adopt_one(struct sync_adopt *ad, struct journal_rec *r, int64_t id,
	       const char *key, const char *field)
{
	struct sync_names names = { 0 };
	struct sync_names_ctx nc = { .sy = ad->sy, .out = &names };
	struct store_sync_field f = { 0 };
	struct err err;

	err_init(&err);
	if (store_sync_article(ad->sy->store, id, sync_names_cb, &nc, &err) &&
	    names.found) {
		char *k = NULL;
		r->url = names.url;
		r->hash = names.hash;
		r->path = names.path;
		if (key == NULL)
			key = k = journal_article_key(r);
		if (store_sync_field_get(ad->sy->store, key, field, &f, &err) &&
		    !f.found) {
			r->version = JOURNAL_VERSION;
			r->dev = ad->sy->dev;
			r->at = hlc_tick(&ad->sy->clock, sync_now(ad->sy));
			journal_format(r, &ad->out);
			ad->n++;
		}
		store_sync_field_fini(&f);
		free(k);
	}
	sync_names_fini(&names);
	err_fini(&err);
}

static void
sync_adopt_state(const struct store_sync_state *a, void *ctx)
{
	struct journal_rec r = { .kind = JOURNAL_PLACE, .read = a->read,
				 .position = a->position,
				 .percent = a->percent };

	if (a->read || a->position > 0 || a->percent > 0)
		sync_adopt_one(ctx, &r, a->id, NULL, "place");
}

static void
sync_adopt_hl(const struct store_sync_hl *h, void *ctx)
{
	struct journal_rec r = {
		.kind = JOURNAL_HL, .hl = (char *)h->uid, .start = h->start,
		.end = h->end, .quote = (char *)h->quote,
		.prefix = (char *)h->prefix, .suffix = (char *)h->suffix,
		.note = (char *)h->note, .color = h->color,
		.created = h->created,
	};
	char *key = sync_strf("hl:%s", h->uid);

	sync_adopt_one(ctx, &r, h->article_id, key, "body");
	free(key);
}

static void
sync_adopt_ignore_hl(const struct store_sync_hl_state *h, void *ctx)
{
	(void)h, (void)ctx;
}

bool
sync_adopt(struct sync *sy, sync_warn_fn warn, void *ctx, size_t *n,
	   struct err *err)
{
	struct sync_adopt ad = { .sy = sy };
	bool ok;
	char *path;

	*n = 0;
	if (!sync_run(sy, warn, ctx, NULL, err))
		return false;
	buf_init(&ad.out);
	buf_adds(&ad.out, "");
	ok = store_sync_dump(sy->store, sy->dev, sync_adopt_state,
			     sync_adopt_ignore_hl, &ad, err) &&
	     store_sync_highlights(sy->store, sy->dev, sync_adopt_hl, &ad, err);
	if (ok && ad.n > 0) {
		path = sync_segment(sy, sync_now(sy));
		ok = journal_append(path, ad.out.data, ad.out.len, err) &&
		     sync_run(sy, warn, ctx, NULL, err);
		free(path);
	}
	*n = ad.n;
	buf_fini(&ad.out);
	return ok;
}

static void
sync_snap_own(const char *rec, void *ctx)
{
	struct buf *out = ctx;

	buf_adds(out, rec);
	buf_addc(out, '\n');
}

bool
sync_compact(struct sync *sy, sync_warn_fn warn, void *ctx, struct err *err)
{
	struct buf snap_text;
	char **files, *tmp, *snap, *month;
	size_t n;
	bool ok;

	if (!sync_adopt(sy, warn, ctx, &n, err))
		return false;
	buf_init(&snap_text);
	buf_adds(&snap_text, "");
	if (!store_sync_own(sy->store, sy->dev, sync_snap_own, &snap_text, err)) {
		buf_fini(&snap_text);
		return false;
	}
	month = sync_segment(sy, sync_now(sy));
	month[strlen(month) - strlen(".jsonl")] = '\0';
	tmp = sync_strf("%s/.snapshot.tmp", sy->own);
	snap = sync_strf("%s-snapshot-%" PRId64 ".jsonl", month, sync_now(sy));
	unlink(tmp);
	sync_list(sy->own, journal_is_segment, &files, &n);
	ok = journal_append(tmp, snap_text.data, snap_text.len, err);
	if (ok && rename(tmp, snap) != 0)
		ok = err_set(err, _("cannot write %s: %s"), snap, strerror(errno));
	/* The old segments go only once the snapshot is in place: a crash
	 * in between leaves records twice, which changes nothing. */
	for (size_t i = 0; ok && i < n; i++) {
		char *old = sync_strf("%s/%s", sy->own, files[i]);
		if (strcmp(old, snap) != 0)
			unlink(old);
		free(old);
	}
	sync_list_free(files, n);
	free(tmp);
	free(snap);
	free(month);
	buf_fini(&snap_text);
	return ok && sync_run(sy, warn, ctx, NULL, err);
}

/*
 * Dumps and status.
 */

/* An article's key by row id, for the dump. */
struct sync_dump_art {
	int64_t id;
	char *key;
};

struct sync_dump_ctx {
	struct sync *sy;
	char **lines;
	size_t n;
	struct sync_dump_art *arts;
	size_t n_arts, cap;
};

/* Return the sync key of an article's identities. */
static char *
sync_key_of(struct sync *sy, const char *url, const char *hash,
	    const char *path)
{
	struct journal_rec r = { 0 };
	char *key;

	r.url = journal_normalise_url(url);
	r.hash = hash != NULL && hash[0] != '\0' ? (char *)hash : NULL;
	r.path = (char *)sync_rel_path(sy, path);
	key = journal_article_key(&r);
	free(r.url);
	return key;
}

static void
sync_dump_state(const struct store_sync_state *a, void *ctx)
{
	struct sync_dump_ctx *d = ctx;
	char *key = sync_key_of(d->sy, a->url, a->hash, a->path);

	if (d->n_arts == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 256;
		d->arts = xreallocarray(d->arts, d->cap, sizeof *d->arts);
	}
	d->arts[d->n_arts++] = (struct sync_dump_art){ .id = a->id, .key = key };
	if (a->read || a->position > 0 || a->percent > 0)
		sync_list_addf(&d->lines, &d->n, "A %s read=%d pos=%" PRId64
			      " pct=%d", key, a->read, a->position, a->percent);
}

static void
sync_dump_hl(const struct store_sync_hl_state *h, void *ctx)
{
	struct sync_dump_ctx *d = ctx;
	const char *key = "?";

	for (size_t i = 0; i < d->n_arts; i++)	/* few highlights */
		if (d->arts[i].id == h->article_id)
			key = d->arts[i].key;
	struct buf note;

	buf_init(&note);
	buf_adds(&note, "-");
	if (h->note != NULL) {	/* one line per highlight */
		buf_clear(&note);
		for (const char *p = h->note; *p != '\0'; p++)
			buf_adds(&note, *p == '\n' ? "\\n" : (char[]){ *p, 0 });
	}
	sync_list_addf(&d->lines, &d->n, "H %s %s color=%d note=%s quote=%s",
		       h->uid, key, h->color, note.data, h->quote);
	buf_fini(&note);
}

bool
sync_dump(struct sync *sy, struct buf *out, struct err *err)
{
	struct sync_dump_ctx d = { .sy = sy };
	bool ok = store_sync_dump(sy->store, sy->dev, sync_dump_state,
				  sync_dump_hl, &d, err);

	if (d.n > 0)
		qsort(d.lines, d.n, sizeof *d.lines, sync_name_cmp);
	for (size_t i = 0; i < d.n; i++) {
		buf_adds(out, d.lines[i]);
		buf_addc(out, '\n');
	}
	sync_list_free(d.lines, d.n);
	for (size_t i = 0; i < d.n_arts; i++)
		free(d.arts[i].key);
	free(d.arts);
	return ok;
}

/* Context of sync_devices. */
struct sync_devices_ctx {
	struct sync *sy;
	char **seen;		/* device ids reported */
	size_t n_seen;
	void (*cb)(const struct sync_device_info *d, void *ctx);
	void *ctx;
};

/* Report device dev with what the database knows of it (d, or none). */
static void
sync_devices_one(struct sync_devices_ctx *c, const char *dev,
		 const struct store_sync_device *d)
{
	char *folder, *name, *token;
	struct sync_device_info info = { .dev = dev };

	folder = sync_strf("%s/%s", c->sy->dir, dev);
	sync_read_device_file(folder, &name, &token);
	info.name = name;
	info.self = strcmp(dev, c->sy->dev) == 0;
	if (d != NULL) {
		info.last = d->last;
		info.arrived_ms = d->arrived_ms;
		info.n = d->n;
	}
	c->cb(&info, c->ctx);
	free(folder);
	free(name);
	free(token);
	buf_list_add(&c->seen, &c->n_seen, xstrdup(dev));
}

static void
sync_devices_row(const struct store_sync_device *d, void *ctx)
{
	sync_devices_one(ctx, d->dev, d);
}

bool
sync_devices(struct sync *sy,
	     void (*cb)(const struct sync_device_info *d, void *ctx), void *ctx,
	     struct err *err)
{
	struct sync_devices_ctx c = { .sy = sy, .cb = cb, .ctx = ctx };
	char **devs;
	size_t n;
	bool ok = store_sync_devices(sy->store, sync_devices_row, &c, err);

	sync_list(sy->dir, sync_is_device, &devs, &n);
	for (size_t i = 0; ok && i < n; i++) {
		bool seen = false;
		for (size_t j = 0; j < c.n_seen && !seen; j++)
			seen = strcmp(c.seen[j], devs[i]) == 0;
		if (!seen)
			sync_devices_one(&c, devs[i], NULL);
	}
	sync_list_free(devs, n);
	sync_list_free(c.seen, c.n_seen);
	return ok;
}

struct hlc
sync_clock(const struct sync *sy)
{
	return sy->clock;
}

void
sync_observe_clock(struct sync *sy, struct hlc other)
{
	hlc_observe(&sy->clock, other, sync_now(sy));
}

/* Mix the name, size and modification time of the file at path into
 * *h. */
static void
sync_mix(uint64_t *h, const char *path)
{
	struct stat sb;
	uint64_t v[3] = { 0 };

	if (stat(path, &sb) == 0) {
		v[0] = (uint64_t)sb.st_size;
		v[1] = (uint64_t)sb.st_mtim.tv_sec;
		v[2] = (uint64_t)sb.st_mtim.tv_nsec;
	}
	for (const char *p = path; *p != '\0'; p++)
		*h = (*h ^ (unsigned char)*p) * 1099511628211ULL;
	for (int i = 0; i < 3; i++)
		*h = (*h ^ v[i]) * 1099511628211ULL;
}

uint64_t
sync_signature(const struct sync *sy)
{
	uint64_t h = 1469598103934665603ULL;
	char **devs, **files;
	size_t n, nf;

	sync_list(sy->dir, sync_is_device, &devs, &n);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(devs[i], sy->dev) == 0)
			continue;	/* what this device wrote itself */
		char *folder = sync_strf("%s/%s", sy->dir, devs[i]);
		sync_list(folder, journal_is_segment, &files, &nf);
		for (size_t j = 0; j < nf; j++) {
			char *path = sync_strf("%s/%s", folder, files[j]);
			sync_mix(&h, path);
			free(path);
		}
		sync_list_free(files, nf);
		free(folder);
	}
	sync_list_free(devs, n);
	return h;
}
