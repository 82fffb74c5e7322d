/*
 * gmime-parse.c: the same measurement as taube-parse.c, with GMime 3. Each
 * message is parsed from a memory stream over the bytes already loaded (no
 * copy; the parser's default persist-stream mode, so part contents stay
 * references into that stream until decoded). Modes:
 *   headers        g_mime_parser_construct_message on the whole message, then
 *                  the envelope taube's summary reads: subject, from, to, cc,
 *                  reply-to, date, message-id, in-reply-to, references.
 *                  GMime has no header-only mode: it parses the whole MIME
 *                  structure here.
 *   headers-block  the closest GMime gets to a header-only scan: the stream is
 *                  bounded to the header block (the driver finds the empty
 *                  line inside the timed loop), then the same as headers.
 *   full           construct the message, read the same envelope, walk
 *                  every part (g_mime_message_foreach, descending into
 *                  message/rfc822 too): text parts through
 *                  g_mime_text_part_get_text (decoded, UTF-8), the other
 *                  leaves decoded into a null stream.
 */
#include <string.h>

#include <gmime/gmime.h>

#include "corpus.h"

struct ctx {
	const struct corpus *c;
	GByteArray **arrays;	/* one per message, over the corpus bytes */
	GMimeStream *null;
	struct corpus_tally *t;
	int block;		/* headers-block mode */
};

static GMimeMessage *
construct(struct ctx *x, const struct corpus_msg *msg, gint64 end)
{
	GByteArray *bytes = x->arrays[msg - x->c->msgs];
	GMimeStream *stream = g_mime_stream_mem_new_with_byte_array(bytes);
	GMimeParser *parser;
	GMimeMessage *m;

	g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(stream), FALSE);
	if (end >= 0)
		g_mime_stream_set_bounds(stream, 0, end);
	parser = g_mime_parser_new_with_stream(stream);
	g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
	m = g_mime_parser_construct_message(parser, NULL);
	g_object_unref(parser);
	g_object_unref(stream);
	return m;
}

/* Offset just past the empty line that ends the header, or the length. */
static gint64
header_end(const struct corpus_msg *msg)
{
	const char *p = msg->data, *end = msg->data + msg->len;

	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		p++;
		if (p < end && *p == '\n')
			return p + 1 - msg->data;
		if (p + 1 < end && p[0] == '\r' && p[1] == '\n')
			return p + 2 - msg->data;
	}
	return (gint64)msg->len;
}

static uint64_t
addr_check(InternetAddressList *list)
{
	uint64_t sum = 0;
	int n = list ? internet_address_list_length(list) : 0;

	for (int i = 0; i < n; i++) {
		InternetAddress *a = internet_address_list_get_address(list, i);
		const char *name = internet_address_get_name(a);

		sum += name ? strlen(name) : 0;
		if (INTERNET_ADDRESS_IS_MAILBOX(a))
			sum += strlen(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a)));
	}
	return sum + (uint64_t)n;
}

static uint64_t
refs_check(GMimeMessage *m, const char *name)
{
	const char *v = g_mime_object_get_header(GMIME_OBJECT(m), name);
	GMimeReferences *refs;
	uint64_t n;

	if (v == NULL)
		return 0;
	refs = g_mime_references_parse(NULL, v);
	n = refs ? (uint64_t)g_mime_references_length(refs) : 0;
	if (refs)
		g_mime_references_free(refs);
	return n;
}

static void
read_envelope(GMimeMessage *m, struct corpus_tally *t)
{
	const char *subject = g_mime_message_get_subject(m);
	const char *id = g_mime_message_get_message_id(m);
	GDateTime *date = g_mime_message_get_date(m);

	t->check += (subject ? strlen(subject) : 0) + (id ? strlen(id) : 0) +
	    (date ? (uint64_t)g_date_time_to_unix(date) : 0) +
	    addr_check(g_mime_message_get_from(m)) + addr_check(g_mime_message_get_to(m)) +
	    addr_check(g_mime_message_get_cc(m)) + addr_check(g_mime_message_get_reply_to(m)) +
	    refs_check(m, "In-Reply-To") + refs_check(m, "References");
}

static void
parse_headers(const struct corpus_msg *msg, struct corpus_tally *t, void *p)
{
	struct ctx *x = p;
	GMimeMessage *m = construct(x, msg, x->block ? header_end(msg) : -1);

	if (m == NULL)
		return;
	read_envelope(m, t);
	t->parts += (uint64_t)g_mime_header_list_get_count(g_mime_object_get_header_list(GMIME_OBJECT(m)));
	g_object_unref(m);
}

static void
visit(GMimeObject *parent, GMimeObject *part, gpointer p)
{
	struct ctx *x = p;

	(void)parent;
	x->t->parts++;
	if (GMIME_IS_MESSAGE_PART(part)) {
		GMimeMessage *inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(part));

		if (inner != NULL)
			g_mime_message_foreach(inner, visit, x);
	} else if (GMIME_IS_TEXT_PART(part)) {
		char *text = g_mime_text_part_get_text(GMIME_TEXT_PART(part));

		x->t->decoded += text ? strlen(text) : 0;
		g_free(text);
	} else if (GMIME_IS_PART(part)) {
		GMimeDataWrapper *w = g_mime_part_get_content(GMIME_PART(part));
		ssize_t n = w ? g_mime_data_wrapper_write_to_stream(w, x->null) : 0;

		x->t->decoded += n > 0 ? (uint64_t)n : 0;
	}
}

static void
parse_full(const struct corpus_msg *msg, struct corpus_tally *t, void *p)
{
	struct ctx *x = p;
	GMimeMessage *m = construct(x, msg, -1);

	if (m == NULL)
		return;
	read_envelope(m, t);
	x->t = t;
	g_mime_message_foreach(m, visit, x);
	g_object_unref(m);
}

int
main(int argc, char **argv)
{
	struct corpus_opts o;
	struct corpus c;
	struct corpus_tally t = { 0 };
	struct ctx x = { 0 };
	double best;
	char version[32];

	corpus_main_args(argc, argv, "headers|headers-block|full", &o, &c);
	g_mime_init();
	x.arrays = g_new(GByteArray *, c.count);
	for (size_t i = 0; i < c.count; i++)
		x.arrays[i] = g_byte_array_new_take((guint8 *)c.msgs[i].data, c.msgs[i].len);
	x.c = &c;
	x.null = g_mime_stream_null_new();
	x.block = strcmp(o.mode, "headers-block") == 0;
	if (strcmp(o.mode, "full") == 0)
		best = corpus_time(&c, &o, parse_full, &x, &t);
	else
		best = corpus_time(&c, &o, parse_headers, &x, &t);
	snprintf(version, sizeof(version), "%u.%u.%u", gmime_major_version, gmime_minor_version,
	    gmime_micro_version);
	corpus_report("gmime", version, &o, &c, best, &t);
	for (size_t i = 0; i < c.count; i++)
		g_byte_array_free(x.arrays[i], FALSE);
	g_free(x.arrays);
	g_object_unref(x.null);
	g_mime_shutdown();
	corpus_free(&c);
	return 0;
}
