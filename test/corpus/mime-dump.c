/*
 * mime-dump.c: prints what the parser makes of a message, an mbox or one
 * header value as one line of JSON, for the conformance suite to compare
 * with what other parsers expect.
 *
 *	mime-dump FILE			a message: part tree, envelope, rendered text
 *	mime-dump --mbox FILE		each message of an mbox, with its offsets
 *	mime-dump --header KIND [VALUE]	one header value (or, without VALUE, each
 *					value on standard input, as "LENGTH\n" and
 *					the bytes); KIND: address content_type date
 *					id unstructured
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mime/addr.h"
#include "mime/codec.h"
#include "mime/date.h"
#include "mime/header.h"
#include "mime/mbox.h"
#include "mime/message.h"
#include "mime/param.h"
#include "mime/render.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/json.h"

#define DUMP_MAX_BYTES	((size_t)256 << 20)
#define DUMP_MAX_FIELDS	200	/* header fields printed per part */

/* One message being dumped. */
struct dump_ctx {
	struct json_writer *w;
	const struct mime_message *m;
	size_t file_off;	/* where the message starts in the file (in an mbox) */
	size_t next;		/* index of the next part */
};

static const char *
cte_name(enum mime_cte cte)
{
	static const char *const names[] = {
		[MIME_CTE_7BIT] = "7bit", [MIME_CTE_8BIT] = "8bit",
		[MIME_CTE_BINARY] = "binary", [MIME_CTE_QP] = "quoted-printable",
		[MIME_CTE_BASE64] = "base64", [MIME_CTE_UNKNOWN] = "unknown",
	};

	return names[cte];
}

static void
dump_params(struct json_writer *w, const struct mime_ctype *ct)
{
	json_begin_array(w);
	for (size_t i = 0; i < ct->params.len; i++) {
		const struct mime_param *p = VEC_AT(&ct->params, struct mime_param, i);
		json_begin_array(w);
		json_string(w, p->name);
		json_string(w, p->value);
		json_end_array(w);
	}
	json_end_array(w);
}

static void
dump_ctype(struct json_writer *w, const struct mime_ctype *ct)
{
	json_key(w, "type");
	json_string(w, ct->type);
	json_key(w, "subtype");
	json_string(w, ct->subtype);
	json_key(w, "params");
	dump_params(w, ct);
}

static void
dump_fields(struct json_writer *w, const struct mime_header *h)
{
	json_begin_array(w);
	for (size_t i = 0; i < h->fields.len && i < DUMP_MAX_FIELDS; i++) {
		const struct mime_field *f = VEC_AT(&h->fields, struct mime_field, i);
		json_begin_array(w);
		json_string_len(w, f->name, f->name_len);
		json_string_len(w, f->value, f->value_len);
		json_end_array(w);
	}
	json_end_array(w);
}

/* An offset into the file, or null for bytes that are not in it (a decoded enclosed message). */
static void
dump_offset(struct dump_ctx *d, const char *p)
{
	uintptr_t at = (uintptr_t)p, lo = (uintptr_t)d->m->data;

	if (p != NULL && at >= lo && at - lo <= d->m->len)
		json_uint(d->w, d->file_off + (at - lo));
	else
		json_null(d->w);
}

/* Whether the part's body lies in the message bytes (not in a decoded copy). */
static bool
in_file(const struct dump_ctx *d, const struct mime_part *p)
{
	uintptr_t at = (uintptr_t)p->body, lo = (uintptr_t)d->m->data;

	return at >= lo && at - lo <= d->m->len && p->body_len <= d->m->len - (at - lo);
}

static void
dump_body(struct dump_ctx *d, const struct mime_part *p)
{
	struct json_writer *w = d->w;
	struct buf b = BUF_INIT;

	json_key(w, "body_start");
	dump_offset(d, in_file(d, p) ? p->body : NULL);
	json_key(w, "body_end");
	dump_offset(d, in_file(d, p) ? p->body + p->body_len : NULL);
	if (!in_file(d, p)) {
		/* The raw bytes, for parts of an enclosed message that had to be decoded. */
		mime_b64_encode(&b, p->body, p->body_len, 0);
		json_key(w, "raw_b64");
		json_string_len(w, buf_cstr(&b), b.len);
		buf_reset(&b);
	}
	mime_part_decode(p, &b);
	json_key(w, "decoded_len");
	json_uint(w, b.len);
	if (strcmp(p->ctype.type, "text") == 0) {
		buf_reset(&b);
		mime_part_text(p, &b);
		json_key(w, "text");
		json_string_len(w, buf_cstr(&b), b.len);
	}
	buf_free(&b);
}

static void
dump_part(struct dump_ctx *d, const struct mime_part *p, long parent)
{
	struct json_writer *w = d->w;
	long self = (long)d->next++;

	json_begin_object(w);
	json_key(w, "index");
	json_int(w, self);
	json_key(w, "parent");
	if (parent < 0)
		json_null(w);
	else
		json_int(w, parent);
	json_key(w, "id");
	json_string(w, p->id);
	dump_ctype(w, &p->ctype);
	json_key(w, "disposition");
	json_string(w, p->disposition.type);
	json_key(w, "disposition_params");
	dump_params(w, &p->disposition);
	json_key(w, "filename");
	json_string(w, mime_part_filename(p));
	json_key(w, "cte");
	json_string(w, cte_name(p->cte));
	json_key(w, "header_start");
	dump_offset(d, p->header.fields.len > 0 ?
	    VEC_AT(&p->header.fields, struct mime_field, 0)->name : NULL);
	json_key(w, "fields");
	dump_fields(w, &p->header);
	dump_body(d, p);
	json_key(w, "depth");
	json_uint(w, p->depth);
	json_key(w, "is_attachment");
	json_bool(w, mime_part_is_attachment(p));
	json_key(w, "is_message");
	json_bool(w, p->is_message);
	json_key(w, "missing_end");
	json_bool(w, p->missing_end);
	json_key(w, "children");
	json_uint(w, p->children.len);
	json_end_object(w);
	for (size_t i = 0; i < p->children.len; i++)
		dump_part(d, *VEC_AT(&p->children, struct mime_part *, i), self);
}

static void
dump_addrs(struct json_writer *w, const char *key, const struct vec *v)
{
	json_key(w, key);
	json_begin_array(w);
	for (size_t i = 0; i < v->len; i++) {
		const struct mime_addr *a = VEC_AT(v, struct mime_addr, i);
		json_begin_object(w);
		json_key(w, "name");
		json_string(w, a->name);
		json_key(w, "email");
		json_string(w, a->email);
		json_key(w, "group");
		json_string(w, a->group);
		json_end_object(w);
	}
	json_end_array(w);
}

static void
dump_summary(struct json_writer *w, const struct mime_header *h)
{
	struct mime_summary s;
	struct buf date = BUF_INIT;

	mime_summary_init(&s);
	mime_summary_read(&s, h);
	json_key(w, "summary");
	json_begin_object(w);
	json_key(w, "subject");
	json_string(w, s.subject);
	dump_addrs(w, "from", &s.from);
	dump_addrs(w, "to", &s.to);
	dump_addrs(w, "cc", &s.cc);
	dump_addrs(w, "reply_to", &s.reply_to);
	json_key(w, "date");
	if (s.has_date)
		mime_date_rfc3339(&date, s.date);
	json_string(w, s.has_date ? buf_cstr(&date) : NULL);
	json_key(w, "date_zone");
	json_int(w, s.date_zone);
	json_key(w, "message_id");
	json_string(w, s.message_id);
	json_key(w, "in_reply_to");
	json_string(w, s.in_reply_to);
	json_key(w, "references");
	json_begin_array(w);
	for (size_t i = 0; i < strvec_len(&s.references); i++)
		json_string(w, strvec_get(&s.references, i));
	json_end_array(w);
	json_end_object(w);
	buf_free(&date);
	mime_summary_free(&s);
}

static void
dump_message(struct json_writer *w, const char *data, size_t len, size_t file_off)
{
	struct mime_message m;
	struct vec atts = VEC_INIT(struct mime_part *);
	struct buf text = BUF_INIT;
	struct dump_ctx d;

	mime_parse(&m, data, len, 0);
	d = (struct dump_ctx){ w, &m, file_off, 0 };
	json_begin_object(w);
	json_key(w, "truncated");
	json_bool(w, m.truncated);
	json_key(w, "part_count");
	json_uint(w, m.part_count);
	json_key(w, "parts");
	json_begin_array(w);
	dump_part(&d, m.root, -1);
	json_end_array(w);
	dump_summary(w, &m.root->header);
	mime_render_attachments(&atts, &m);
	json_key(w, "attachments");
	json_begin_array(w);
	for (size_t i = 0; i < atts.len; i++)
		json_string(w, (*VEC_AT(&atts, struct mime_part *, i))->id);
	json_end_array(w);
	mime_render_body(&text, &m);
	json_key(w, "text");
	json_string_len(w, buf_cstr(&text), text.len);
	json_end_object(w);
	buf_free(&text);
	vec_free(&atts);
	mime_message_free(&m);
}

static void
dump_mbox(struct json_writer *w, const char *data, size_t len)
{
	size_t pos = 0, start, end;

	json_begin_object(w);
	json_key(w, "is_mbox");
	json_bool(w, mime_mbox_detect(data, len));
	json_key(w, "messages");
	json_begin_array(w);
	while (mime_mbox_next(data, len, &pos, &start, &end)) {
		json_begin_object(w);
		json_key(w, "start");
		json_uint(w, start);
		json_key(w, "end");
		json_uint(w, end);
		json_key(w, "message");
		dump_message(w, data + start, end - start, start);
		json_end_object(w);
	}
	json_end_array(w);
	json_end_object(w);
}

static int
emit(struct json_writer *w, struct buf *out)
{
	struct err e;

	err_clear(&e);
	if (json_finish(w, &e) < 0) {
		fprintf(stderr, "mime-dump: bad JSON: %s\n", e.msg);
		return 1;
	}
	buf_addc(out, '\n');
	if (fwrite(out->data, 1, out->len, stdout) != out->len || fflush(stdout) != 0) {
		perror("mime-dump: stdout");
		return 1;
	}
	return 0;
}

static int
dump_file(const char *path, bool mbox)
{
	struct buf in = BUF_INIT, out = BUF_INIT;
	struct json_writer w;
	struct err e;
	int rc;

	err_clear(&e);
	if (fs_read_file(path, &in, DUMP_MAX_BYTES, &e) < 0) {
		fprintf(stderr, "mime-dump: %s\n", e.msg);
		return 1;
	}
	json_init(&w, &out, 0);
	if (mbox)
		dump_mbox(&w, buf_cstr(&in), in.len);
	else
		dump_message(&w, buf_cstr(&in), in.len, 0);
	rc = emit(&w, &out);
	buf_free(&in);
	buf_free(&out);
	return rc;
}

/* The field names the header kinds are read from. */
static const struct {
	const char *kind;
	const char *field;
} kinds[] = {
	{ "address", "To" },
	{ "content_type", "Content-Type" },
	{ "date", "Date" },
	{ "id", "Message-ID" },
	{ "unstructured", "Subject" },
};

static void
parse_value(struct json_writer *w, const char *kind, const struct mime_header *h,
    const struct mime_field *f)
{
	if (strcmp(kind, "address") == 0) {
		struct vec v = VEC_INIT(struct mime_addr);
		mime_addr_parse(&v, f->value, f->value_len);
		dump_addrs(w, "addresses", &v);
		mime_addr_list_free(&v);
	} else if (strcmp(kind, "content_type") == 0) {
		struct mime_ctype ct;
		memset(&ct, 0, sizeof(ct));
		vec_init(&ct.params, sizeof(struct mime_param));
		mime_ctype_parse(&ct, f->value, f->value_len);
		dump_ctype(w, &ct);
		mime_ctype_free(&ct);
	} else if (strcmp(kind, "date") == 0) {
		struct buf b = BUF_INIT;
		int64_t utc;
		int zone;
		bool ok = mime_date_parse(f->value, f->value_len, &utc, &zone) == 0;
		json_key(w, "ok");
		json_bool(w, ok);
		if (ok) {
			mime_date_rfc3339(&b, utc);
			json_key(w, "utc");
			json_int(w, utc);
			json_key(w, "zone");
			json_int(w, zone);
			json_key(w, "rfc3339");
			json_string(w, buf_cstr(&b));
		}
		buf_free(&b);
	} else if (strcmp(kind, "id") == 0) {
		dump_summary(w, h);
	} else {
		struct buf b = BUF_INIT;
		mime_field_text(&b, f);
		json_key(w, "text");
		json_string_len(w, buf_cstr(&b), b.len);
		buf_free(&b);
	}
}

/* Appends "field: value" and a line end, as the line appears in a message. */
static void
add_field(struct buf *hdr, const char *field, const char *value, size_t len)
{
	buf_addf(hdr, "%s: ", field);
	buf_add(hdr, value, len);
	if (len == 0 || (value[len - 1] != '\n' && value[len - 1] != '\r'))
		buf_addc(hdr, '\n');
}

/*
 * Parses value as the body of a header field of that kind, as it comes in a
 * message. Ids go in both Message-ID (one id) and References (a list).
 */
static int
dump_header(const char *kind, const char *field, const char *value, size_t len)
{
	struct buf hdr = BUF_INIT, out = BUF_INIT;
	struct mime_header h;
	struct json_writer w;
	const struct mime_field *f;
	int rc;

	add_field(&hdr, field, value, len);
	if (strcmp(kind, "id") == 0)
		add_field(&hdr, "References", value, len);
	buf_addc(&hdr, '\n');
	mime_header_init(&h);
	mime_header_scan(&h, buf_cstr(&hdr), hdr.len);
	json_init(&w, &out, 0);
	json_begin_object(&w);
	json_key(&w, "found");
	f = mime_header_find(&h, field);
	json_bool(&w, f != NULL);
	if (f != NULL)
		parse_value(&w, kind, &h, f);
	json_end_object(&w);
	rc = emit(&w, &out);
	mime_header_free(&h);
	buf_free(&hdr);
	buf_free(&out);
	return rc;
}

/* Values on standard input come as "LENGTH\n" and that many bytes, one after the other. */
static int
dump_headers(const char *kind, const char *value)
{
	const char *field = NULL;
	struct buf in = BUF_INIT;
	size_t at = 0;
	int c, rc = 0;

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kinds[i].kind, kind) == 0)
			field = kinds[i].field;
	if (field == NULL) {
		fprintf(stderr, "mime-dump: unknown header kind \"%s\"\n", kind);
		return 2;
	}
	if (value != NULL)
		return dump_header(kind, field, value, strlen(value));
	while ((c = getchar()) != EOF)
		buf_addc(&in, (char)c);
	while (rc == 0 && at < in.len) {
		char *end;
		unsigned long long n = strtoull(in.data + at, &end, 10);

		if (*end != '\n' || n > in.len - (size_t)(end + 1 - in.data)) {
			fprintf(stderr, "mime-dump: bad value length at byte %zu\n", at);
			rc = 2;
			break;
		}
		at = (size_t)(end + 1 - in.data);
		rc = dump_header(kind, field, in.data + at, (size_t)n);
		at += (size_t)n;
	}
	buf_free(&in);
	return rc;
}

int
main(int argc, char **argv)
{
	if (argc == 2 && argv[1][0] != '-')
		return dump_file(argv[1], false);
	if (argc == 3 && strcmp(argv[1], "--mbox") == 0)
		return dump_file(argv[2], true);
	if ((argc == 3 || argc == 4) && strcmp(argv[1], "--header") == 0)
		return dump_headers(argv[2], argc == 4 ? argv[3] : NULL);
	fprintf(stderr, "usage: mime-dump FILE | --mbox FILE | --header KIND [VALUE]\n");
	return 2;
}
