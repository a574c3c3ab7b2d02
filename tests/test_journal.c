/* SPDX-License-Identifier: MIT */
/* test_journal.c: placeholder, filled below. */
#include "config.h"
int main(void) { return 0; }
