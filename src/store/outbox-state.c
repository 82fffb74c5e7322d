/* outbox-state.c: the outbox's per-message state files (read, written, checked) and its backoff schedule. */
#include "store/outbox-int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/str.h"
#include "util/vec.h"
#include "util/xalloc.h"

/* The first line of a state file; a later format gets a new number. */
#define STATE_MAGIC	"taube-outbox-state 1"

/* Fields a state file must have; the others default to 0 or none. */
#define SEEN_QUEUED	0x1
#define SEEN_ATTEMPTS	0x2
#define SEEN_NEXT	0x4
#define SEEN_NEEDED	(SEEN_QUEUED | SEEN_ATTEMPTS | SEEN_NEXT)

time_t
outbox_backoff(unsigned attempts)
{
	static const time_t steps[] = { 60, 5 * 60, 15 * 60, 60 * 60 };

	if (attempts == 0)
		return 0;
	if (attempts <= sizeof(steps) / sizeof(steps[0]))
		return steps[attempts - 1];
	return OUTBOX_BACKOFF_MAX;
}

void
outbox_entry_free(struct outbox_entry *en)
{
	if (en == NULL)
		return;
	free(en->id);
	free(en->path);
	free(en->reply);
	memset(en, 0, sizeof(*en));
}

void
outbox_entries_free(struct vec *entries)
{
	for (size_t i = 0; i < entries->len; i++)
		outbox_entry_free(VEC_AT(entries, struct outbox_entry, i));
	vec_free(entries);
}

void
outbox_state_default(struct outbox_entry *en, time_t now)
{
	en->queued = now;
	en->attempts = 0;
	en->last_attempt = 0;
	en->next_due = now;
	en->failed = 0;
	free(en->reply);
	en->reply = NULL;
	en->state_lost = false;
}

char *
outbox_reply_clean(const char *reply)
{
	struct buf b = BUF_INIT;
	size_t len = strlen(reply), n;
	bool space = false;
	int32_t cp;

	/* control bytes (CR LF of a multi-line reply too) become one space */
	for (size_t i = 0; i < len; i += n) {
		n = str_utf8_next(reply + i, len - i, &cp);
		if (cp >= 0 && (cp <= 0x20 || cp == 0x7f ||
		    (cp >= 0x80 && cp <= 0x9f))) {
			space = b.len > 0;
			continue;
		}
		if (b.len + space + (cp < 0 ? 1 : n) > OUTBOX_REPLY_MAX)
			break;
		if (space)
			buf_addc(&b, ' ');
		space = false;
		if (cp < 0)
			buf_addc(&b, '?');
		else
			buf_add(&b, reply + i, n);
	}
	if (b.len == 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b);
}

/* Takes one "key value" line into st; -1 when a known key has a bad value. */
static int
parse_line(struct outbox_entry *st, char *line, unsigned *seen)
{
	const struct {
		const char *key;
		time_t *at;
		unsigned bit;
	} times[] = {
		{ "queued", &st->queued, SEEN_QUEUED },
		{ "last-attempt", &st->last_attempt, 0 },
		{ "next-attempt", &st->next_due, SEEN_NEXT },
		{ "failed", &st->failed, 0 },
	};
	char *val = strchr(line, ' ');
	uint64_t n;

	if (val == NULL)
		return 0;	/* no value: a later taube's flag, skipped */
	*val++ = '\0';
	if (strcmp(line, "reply") == 0) {
		free(st->reply);
		st->reply = outbox_reply_clean(val);
		return 0;
	}
	if (strcmp(line, "attempts") == 0) {
		if (str_parse_uint(val, OUTBOX_ATTEMPTS_MAX, &n) == -1)
			return -1;
		st->attempts = (unsigned)n;
		*seen |= SEEN_ATTEMPTS;
		return 0;
	}
	for (size_t i = 0; i < sizeof(times) / sizeof(times[0]); i++) {
		if (strcmp(line, times[i].key) != 0)
			continue;
		if (str_parse_uint(val, INT64_MAX, &n) == -1)
			return -1;
		*times[i].at = (time_t)n;
		*seen |= times[i].bit;
	}
	return 0;
}

int
outbox_state_parse(struct outbox_entry *en, const char *text, size_t len)
{
	struct outbox_entry st = { 0 };
	char *copy, *line, *next;
	unsigned seen = 0;
	int rc = 0;

	if (len == 0 || memchr(text, '\0', len) != NULL)
		return -1;
	copy = xstrndup(text, len);
	next = copy;
	line = strsep(&next, "\n");
	if (strcmp(line, STATE_MAGIC) != 0)
		rc = -1;
	while (rc == 0 && (line = strsep(&next, "\n")) != NULL) {
		if (line[0] != '\0')
			rc = parse_line(&st, line, &seen);
	}
	free(copy);
	if (rc == -1 || (seen & SEEN_NEEDED) != SEEN_NEEDED) {
		free(st.reply);
		return -1;
	}
	free(en->reply);
	en->queued = st.queued;
	en->attempts = st.attempts;
	en->last_attempt = st.last_attempt;
	en->next_due = st.next_due;
	en->failed = st.failed;
	en->reply = st.reply;
	en->state_lost = false;
	return 0;
}

void
outbox_state_format(const struct outbox_entry *en, struct buf *out)
{
	buf_addf(out, STATE_MAGIC "\nqueued %lld\nattempts %u\n"
	    "last-attempt %lld\nnext-attempt %lld\nfailed %lld\n",
	    (long long)en->queued, en->attempts, (long long)en->last_attempt,
	    (long long)en->next_due, (long long)en->failed);
	if (en->reply != NULL)
		buf_addf(out, "reply %s\n", en->reply);
}

void
outbox_state_load(const char *path, struct outbox_entry *en, time_t now)
{
	struct buf b = BUF_INIT;

	if (fs_read_file(path, &b, OUTBOX_STATE_MAX, NULL) == -1 ||
	    outbox_state_parse(en, b.data, b.len) == -1) {
		outbox_state_default(en, now);
		en->state_lost = true;
	}
	buf_free(&b);
}

int
outbox_state_save(const char *path, const struct outbox_entry *en,
    struct err *e)
{
	struct buf b = BUF_INIT;
	int rc;

	outbox_state_format(en, &b);
	rc = fs_write_atomic(path, b.data, b.len, 0600, e);
	buf_free(&b);
	if (rc == -1 && e != NULL)
		e->scope = ERR_FOLDER;
	return rc;
}
