/*
 * corpus.h: what the parse benchmark drivers share: loading the messages into
 * memory before any timing, the monotonic clock, the command line and the
 * one line of JSON each run prints. Depends on nothing but libc, so that the
 * taube and the GMime drivers measure the same way.
 */
#ifndef TAUBE_BENCH_CORPUS_H
#define TAUBE_BENCH_CORPUS_H

#include <stddef.h>
#include <stdint.h>

struct corpus_msg {
	char *data;		/* the file's bytes, NUL-terminated (not counted in len) */
	size_t len;
};

struct corpus {
	struct corpus_msg *msgs;
	size_t count;
	size_t cap;
	uint64_t bytes;		/* sum of len */
};

/* What the parse loop of one mode reports besides time, to keep it honest. */
struct corpus_tally {
	uint64_t parts;		/* MIME parts seen (headers modes: fields or 0) */
	uint64_t decoded;	/* bytes produced by decoding (text, attachments) */
	uint64_t check;		/* anything derived from the results, so that no
				 * compiler can drop the work */
};

struct corpus_opts {
	const char *mode;
	unsigned repeat;	/* runs; the best one is reported */
	size_t limit;		/* 0: all */
};

/*
 * Parses "-m MODE -r N -n LIMIT -l LISTFILE PATH..." and loads the messages:
 * each -l file names one message file per line; a PATH is a message file or
 * a directory read recursively (Maildir cur/ new/ and flat folders alike),
 * files sorted by path. Exits with status 2 and a usage line on bad usage,
 * 1 when a file cannot be read or nothing was found.
 */
void corpus_main_args(int argc, char **argv, const char *modes, struct corpus_opts *o,
    struct corpus *c);

void corpus_free(struct corpus *c);

/* Parses one message in the mode being measured, adding to *t. */
typedef void corpus_parse_fn(const struct corpus_msg *m, struct corpus_tally *t, void *ctx);

/*
 * Calls fn on every message, o->repeat times over, timing each pass over the
 * whole set with CLOCK_MONOTONIC. Returns the best pass in seconds; *t holds
 * the tally of one pass (every pass does the same work).
 */
double corpus_time(const struct corpus *c, const struct corpus_opts *o, corpus_parse_fn *fn,
    void *ctx, struct corpus_tally *t);

/* Prints the result as one JSON object on stdout. */
void corpus_report(const char *parser, const char *version, const struct corpus_opts *o,
    const struct corpus *c, double best_seconds, const struct corpus_tally *t);

#endif
