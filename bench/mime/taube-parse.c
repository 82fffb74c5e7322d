/*
 * taube-parse.c: parse throughput of taube's mime/ library over messages held
 * in memory. Modes:
 *   scan     mime_parse(MIME_PARSE_HEADER_ONLY) alone: the header split into
 *            fields and the top Content-Type, nothing decoded
 *   headers  mime_parse(MIME_PARSE_HEADER_ONLY) + mime_summary_read: what
 *            building an index needs (subject, addresses, date, ids)
 *   full     mime_parse + the same summary + every leaf decoded: text parts
 *            with mime_part_text (transfer encoding, charset to UTF-8,
 *            format=flowed), the others with mime_part_decode; the work the
 *            GMime and Python drivers do
 *   render   full + mime_render_body, the text `taube show` prints
 */
#include <stdlib.h>
#include <string.h>

#include "corpus.h"
#include "mime/message.h"
#include "mime/render.h"
#include "taube-version.h"
#include "util/buf.h"

/* The envelope an index stores; the tally keeps the compiler from dropping it. */
static void
read_summary(const struct mime_message *m, struct corpus_tally *t)
{
	struct mime_summary s;

	mime_summary_init(&s);
	mime_summary_read(&s, &m->root->header);
	t->check += (s.subject ? strlen(s.subject) : 0) + s.from.len + s.to.len +
	    (uint64_t)s.date + (s.message_id ? strlen(s.message_id) : 0) +
	    strvec_len(&s.references);
	mime_summary_free(&s);
}

static void
parse_scan(const struct corpus_msg *msg, struct corpus_tally *t, void *ctx)
{
	struct mime_message m;

	(void)ctx;
	mime_parse(&m, msg->data, msg->len, MIME_PARSE_HEADER_ONLY);
	t->parts += m.root->header.fields.len;
	mime_message_free(&m);
}

static void
parse_headers(const struct corpus_msg *msg, struct corpus_tally *t, void *ctx)
{
	struct mime_message m;

	(void)ctx;
	mime_parse(&m, msg->data, msg->len, MIME_PARSE_HEADER_ONLY);
	read_summary(&m, t);
	t->parts += m.root->header.fields.len;
	mime_message_free(&m);
}

struct walk {
	struct corpus_tally *t;
	struct buf out;
};

static int
decode_leaf(struct mime_part *p, void *ctx)
{
	struct walk *w = ctx;

	w->t->parts++;
	if (p->is_message || strcmp(p->ctype.type, "multipart") == 0)
		return 0;
	buf_reset(&w->out);
	if (strcmp(p->ctype.type, "text") == 0)
		mime_part_text(p, &w->out);
	else
		mime_part_decode(p, &w->out);
	w->t->decoded += w->out.len;
	return 0;
}

static void
parse_full(const struct corpus_msg *msg, struct corpus_tally *t, void *ctx)
{
	const int *render = ctx;
	struct mime_message m;
	struct walk w = { t, BUF_INIT };

	mime_parse(&m, msg->data, msg->len, 0);
	read_summary(&m, t);
	mime_part_walk(m.root, decode_leaf, &w);
	if (*render) {
		buf_reset(&w.out);
		mime_render_body(&w.out, &m);
		t->check += w.out.len;
	}
	t->check += m.part_count;
	buf_free(&w.out);
	mime_message_free(&m);
}

int
main(int argc, char **argv)
{
	struct corpus_opts o;
	struct corpus c;
	struct corpus_tally t = { 0 };
	double best;
	int render = 0;

	corpus_main_args(argc, argv, "scan|headers|full|render", &o, &c);
	if (strcmp(o.mode, "scan") == 0) {
		best = corpus_time(&c, &o, parse_scan, NULL, &t);
	} else if (strcmp(o.mode, "headers") == 0) {
		best = corpus_time(&c, &o, parse_headers, NULL, &t);
	} else {
		render = strcmp(o.mode, "render") == 0;
		best = corpus_time(&c, &o, parse_full, &render, &t);
	}
	corpus_report("taube", TAUBE_VERSION, &o, &c, best, &t);
	corpus_free(&c);
	return 0;
}
