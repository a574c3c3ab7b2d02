/* SPDX-License-Identifier: MIT */
/*
 * md.h: Markdown (md4c, GitHub dialect) to document blocks. Internal to
 * the document layer: doc.c calls it; nothing else should.
 */
#ifndef TSUNDOKU_MD_H
#define TSUNDOKU_MD_H

struct doc;

/* Parse d->src from d->body_off to the end and append d's blocks and
 * links, allocated in d->arena. Never fails: md4c accepts any input, and
 * odd constructs (empty image addresses, doubled emphasis markers) render
 * as plain text. */
void md_render(struct doc *d);

#endif
