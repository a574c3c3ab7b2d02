/* SPDX-License-Identifier: MIT */
/*
 * store_sync.h: the rows device sync keeps (store_sync.c; migration 10):
 * this device's id and name, how far each journal file was read, and for
 * each article field and highlight the record that wins so far (the
 * latest stamp, ties to the larger device id), marked settled once what
 * it says is in the user's tables. sync.c decides; this file only reads
 * and writes rows. Writes happen inside store_batch_begin/_end
 * (store.h).
 */
#ifndef TSUNDOKU_STORE_SYNC_H
#define TSUNDOKU_STORE_SYNC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/hlc.h"

struct err;
struct store;

/* Store in *value (heap; NULL when unset) the sync setting key. */
bool store_sync_meta_get(struct store *s, const char *key, char **value,
			 struct err *err);

/* Set the sync setting key to value, in a transaction of its own. */
bool store_sync_meta_put(struct store *s, const char *key, const char *value,
			 struct err *err);


/* One article's identities, borrowed for a callback. */
struct store_sync_article {
	int64_t id;
	const char *url, *hash, *path;	/* NULL: unknown */
};

/* Call cb for every article row. */
bool store_sync_articles(struct store *s,
			 void (*cb)(const struct store_sync_article *a,
				    void *ctx),
			 void *ctx, struct err *err);

/* Call cb with the identities of article id (not at all for an
 * unknown id). */
bool store_sync_article(struct store *s, int64_t id,
			void (*cb)(const struct store_sync_article *a,
				   void *ctx),
			void *ctx, struct err *err);

/* Store in *uid (heap) the sync id of highlight id: the one it came
 * with from another device, else dev "-" id. */
bool store_sync_hl_uid(struct store *s, int64_t id, const char *dev,
		       char **uid, struct err *err);

/* How far the journal file name (relative to the sync folder) was read:
 * its size then, the offset after the last line taken and that line's
 * number; all 0 for a file never read. */
struct store_sync_file {
	int64_t size, off;
	int64_t line;		/* lines taken */
	int64_t head;		/* a hash of its first line: a file
				   replaced by another (a compacted
				   journal) is read again from the start */
};

bool store_sync_file_get(struct store *s, const char *name,
			 struct store_sync_file *f, struct err *err);
bool store_sync_file_put(struct store *s, const char *name,
			 const struct store_sync_file *f, struct err *err);

/* In a batch: keep rec (a journal line) as the record of field of key
 * when its stamp (at, dev; then the text of rec, so that even two
 * records with one stamp fold in any order alike) is later than the
 * one kept, marked settled
 * as settled says; set *won to whether it was. */
bool store_sync_fold(struct store *s, const char *key, const char *field,
		     struct hlc at, const char *dev, const char *rec,
		     bool settled, bool *won, struct err *err);

/* The record kept for a field; strings heap, NULL when found is false. */
struct store_sync_field {
	bool found;
	struct hlc at;
	char *dev;
	char *rec;
	bool settled;
};

/* Free f's strings. */
void store_sync_field_fini(struct store_sync_field *f);

bool store_sync_field_get(struct store *s, const char *key, const char *field,
			  struct store_sync_field *f, struct err *err);

/* In a batch: mark field of key settled. */
bool store_sync_settle(struct store *s, const char *key, const char *field,
		       struct err *err);

/* Call cb(key, field, ctx) for each field not settled (records for an
 * article this device does not have, yet), key order; cb may not write.
 * Stops early when cb returns false. */
bool store_sync_unsettled(struct store *s,
			  bool (*cb)(const char *key, const char *field,
				     void *ctx),
			  void *ctx, struct err *err);

/* In a batch: write the read state of article id as another device
 * left it (at: unix ms of the change). */
bool store_sync_put_read(struct store *s, int64_t id, bool read, int64_t at,
			 struct err *err);

/* In a batch: write the place of article id. */
bool store_sync_put_place(struct store *s, int64_t id, int64_t position,
			  int percent, int64_t at, struct err *err);

/* A highlight as the merged records say it is. */
struct store_sync_hl {
	const char *uid;
	int64_t article_id;
	int64_t start, end;
	const char *quote, *prefix, *suffix, *note;	/* note NULL: none */
	int color;
	int64_t created, updated;
};

/* In a batch: make the highlight with h->uid (dev "-" id for one made
 * here, dev being this device) hold h: insert it, or update its
 * article, note, colour and time. */
bool store_sync_put_hl(struct store *s, const struct store_sync_hl *h,
		       const char *dev, struct err *err);

/* In a batch: delete the highlight with uid, if there is one. */
bool store_sync_delete_hl(struct store *s, const char *uid, const char *dev,
			  struct err *err);

/* In a batch: count n records of device dev, the latest stamped at,
 * read at now_ms (unix ms), for the status. */
bool store_sync_saw(struct store *s, const char *dev, struct hlc at,
		    int64_t n, int64_t now_ms, struct err *err);

/* What is known of one device, borrowed for a callback. */
struct store_sync_device {
	const char *dev;
	struct hlc last;	/* its latest record's stamp */
	int64_t arrived_ms;	/* when a record of it was last read */
	int64_t n;		/* records read */
};

bool store_sync_devices(struct store *s,
			void (*cb)(const struct store_sync_device *d,
				   void *ctx),
			void *ctx, struct err *err);

/* One article's synced state, borrowed for a callback (store_sync_dump). */
struct store_sync_state {
	int64_t id;
	const char *url, *hash, *path;
	bool read;
	int64_t position;
	int percent;
};

/* One highlight's synced state (store_sync_dump). */
struct store_sync_hl_state {
	const char *uid;
	int64_t article_id;
	const char *quote, *note;
	int color;
};

/* Call state_cb for each article and hl_cb for each highlight (uids of
 * highlights made here as dev "-" id): what every device must agree on
 * once all journals are read. */
bool store_sync_dump(struct store *s, const char *dev,
		     void (*state_cb)(const struct store_sync_state *a, void *ctx),
		     void (*hl_cb)(const struct store_sync_hl_state *h, void *ctx),
		     void *ctx, struct err *err);

/* Call cb with each record kept (winning so far) that device dev made,
 * oldest first: what its compacted journal must keep. */
bool store_sync_own(struct store *s, const char *dev,
		    void (*cb)(const char *rec, void *ctx), void *ctx,
		    struct err *err);

/* Call cb for every highlight of the database, uids as in
 * store_sync_dump. */
bool store_sync_highlights(struct store *s, const char *dev,
			   void (*cb)(const struct store_sync_hl *h, void *ctx),
			   void *ctx, struct err *err);

#endif
