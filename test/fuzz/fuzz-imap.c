/*
 * fuzz-imap.c: libFuzzer target for the IMAP response parser and its readers,
 * the command builder and modified UTF-7. The input is a server's byte
 * stream; the main invariant is that how it is cut into feeds changes
 * nothing, not a response and not where it fails.
 */
#include "fuzz-check.h"

#include "net/imap-cmd.h"
#include "net/imap-parse.h"
#include "net/imap-resp.h"
#include "util/buf.h"
#include "util/err.h"

/* Bytes of the input also tried as a mailbox name and as a command argument. */
#define NAME_MAX_LEN 512

static uint64_t
next_rand(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void serialize_values(struct buf *out, const struct vec *v, const struct imap_response *r,
    size_t depth);

/* Writes v so that two trees serialize alike only when they are alike; checks where its bytes lie. */
static void
serialize_value(struct buf *out, const struct imap_value *v, const struct imap_response *r,
    size_t depth)
{
	buf_addf(out, "%d:%zu:", (int)v->kind, v->len);
	if (v->kind == IMAP_LIST) {
		FUZZ_ASSERT(depth < IMAP_MAX_DEPTH);
		FUZZ_ASSERT(v->list.len <= IMAP_MAX_LIST_ITEMS);
		serialize_values(out, &v->list, r, depth + 1);
		return;
	}
	FUZZ_ASSERT(v->data[v->len] == '\0');
	if (v->kind != IMAP_NIL) {
		FUZZ_ASSERT(v->data >= r->data.data && v->data + v->len < r->data.data + r->data.len);
		buf_add(out, v->data, v->len);
	}
	if (v->kind == IMAP_NUMBER)
		buf_addf(out, "=%ju", (uintmax_t)v->num);
	if (v->kind == IMAP_ATOM || v->kind == IMAP_NUMBER)
		FUZZ_ASSERT(v->len > 0 && memchr(v->data, '\0', v->len) == NULL);
}

static void
serialize_values(struct buf *out, const struct vec *v, const struct imap_response *r,
    size_t depth)
{
	buf_addf(out, "[%zu", v->len);
	for (size_t i = 0; i < v->len; i++)
		serialize_value(out, VEC_AT(v, struct imap_value, i), r, depth);
	buf_addc(out, ']');
}

static void
serialize(struct buf *out, const struct imap_response *r)
{
	FUZZ_ASSERT(r->nvalues <= IMAP_MAX_VALUES);
	FUZZ_ASSERT(strlen(r->tag) <= IMAP_MAX_TAG);
	buf_addf(out, "%d %s ", (int)r->kind, r->tag);
	serialize_values(out, &r->values, r, 0);
	if (r->code.name != NULL) {
		buf_addf(out, " code %s %zu:", r->code.name, r->code.raw_len);
		buf_add(out, r->code.raw, r->code.raw_len);
		serialize_values(out, &r->code.args, r, 0);
	}
	FUZZ_ASSERT(r->text[r->text_len] == '\0');
	buf_addf(out, " text %zu:", r->text_len);
	buf_add(out, r->text, r->text_len);
	buf_addc(out, '\n');
}

static void
check_fetch(const struct imap_response *r)
{
	struct imap_fetch f;
	struct imap_cmd c;
	struct err e;

	imap_fetch_init(&f);
	if (imap_resp_fetch(r, &f, &e) == 0) {
		for (size_t i = 0; i < f.sections.len; i++)
			FUZZ_ASSERT(imap_fetch_section(&f,
			    VEC_AT(&f.sections, struct imap_section, i)->name) != NULL);
		/* an INTERNALDATE read is written back as the same moment */
		imap_cmd_init(&c, 0);
		imap_cmd_begin(&c, "T", "X");
		if ((f.have & IMAP_FETCH_INTERNALDATE) && imap_cmd_datetime(&c, f.internaldate) == 0) {
			int64_t back;
			size_t at = strlen("T X \"");

			FUZZ_ASSERT(imap_date_parse(c.out.data + at, c.out.len - at - 1, &back) == 0);
			FUZZ_ASSERT(back == f.internaldate);
		}
		imap_cmd_free(&c);
	} else {
		FUZZ_ASSERT(e.scope == ERR_MESSAGE);
	}
	imap_fetch_free(&f);
}

static void
check_codes(const struct imap_response *r)
{
	struct imap_seqset a, b;
	struct imap_flags fl;
	struct imap_caps caps;
	struct imap_status st;
	uint32_t uv;
	uint64_t n;
	struct err e;

	imap_seqset_init(&a);
	imap_seqset_init(&b);
	imap_flags_init(&fl);
	imap_caps_init(&caps);
	if (imap_resp_status(r, &st, &e) == 0)
		FUZZ_ASSERT(st.text == r->text);
	(void)imap_code_number(r, "UIDVALIDITY", &n);
	(void)imap_code_appenduid(r, &uv, &a, &e);
	(void)imap_code_copyuid(r, &uv, &a, &b, &e);
	(void)imap_code_seqset(r, "MODIFIED", &a, &e);
	(void)imap_code_permanentflags(r, &fl, &e);
	(void)imap_code_capability(r, &caps, &e);
	imap_caps_free(&caps);
	imap_flags_free(&fl);
	imap_seqset_free(&a);
	imap_seqset_free(&b);
}

/* Every reader that fits the response's type: none may crash, whatever it is given. */
static void
check_readers(const struct imap_response *r)
{
	struct vec nums = VEC_INIT(uint32_t);
	struct imap_esearch es;
	struct imap_mailbox_status ms;
	struct imap_list l;
	struct imap_seqset set;
	struct imap_flags fl;
	struct imap_caps caps;
	uint64_t modseq;
	uint32_t num;
	bool earlier;
	struct err e;

	imap_esearch_init(&es);
	imap_seqset_init(&set);
	imap_flags_init(&fl);
	imap_caps_init(&caps);
	(void)imap_resp_number(r, &num, &e);
	if (imap_resp_list(r, &l, &e) == 0)
		FUZZ_ASSERT(strlen(l.name) == l.name_len);
	(void)imap_resp_mailbox_status(r, &ms, &e);
	(void)imap_resp_search(r, &nums, &modseq, &e);
	(void)imap_resp_esearch(r, &es, &e);
	(void)imap_resp_vanished(r, &earlier, &set, &e);
	(void)imap_resp_flags(r, &fl, &e);
	(void)imap_resp_capability(r, &caps, &e);
	check_codes(r);
	check_fetch(r);
	imap_caps_free(&caps);
	imap_flags_free(&fl);
	imap_seqset_free(&set);
	imap_esearch_free(&es);
	vec_free(&nums);
}

/* Parses data in pieces whose sizes come from seed (0: all at once); writes what came out to out. */
static void
parse_all(struct buf *out, const uint8_t *data, size_t size, uint64_t seed, bool readers)
{
	struct imap_parser *p = imap_parser_new();
	struct imap_response *r;
	size_t at = 0, n;
	struct err e;
	int rc;

	while (at < size) {
		n = size - at;
		if (seed != 0) {
			uint64_t x = next_rand(&seed);

			n = x % 4 == 0 ? 1 : (size_t)(x >> 8) % 64 + 1;
			n = n < size - at ? n : size - at;
		}
		imap_parser_feed(p, data + at, n);
		at += n;
		while ((rc = imap_parser_next(p, &r, &e)) == 1) {
			serialize(out, r);
			if (readers)
				check_readers(r);
			imap_response_free(r);
		}
	}
	FUZZ_ASSERT(imap_parser_next(p, &r, &e) != 1);
	buf_addf(out, "end %d %s", imap_parser_next(p, &r, &e), imap_parser_at_boundary(p) ? "b" : "");
	imap_parser_free(p);
}

/* Decoding that says "canonical" must be undone exactly by encoding, and the other way round. */
static void
check_mutf7(const char *s, size_t len)
{
	struct buf dec = BUF_INIT, enc = BUF_INIT, back = BUF_INIT;
	struct err e;

	if (imap_mutf7_decode(&dec, s, len) == 0) {
		FUZZ_ASSERT(imap_mutf7_encode(&enc, dec.data != NULL ? dec.data : "", dec.len, &e) == 0);
		FUZZ_ASSERT(enc.len == len && memcmp(buf_cstr(&enc), s, len) == 0);
	}
	FUZZ_ASSERT(str_utf8_valid(buf_cstr(&dec), dec.len));
	buf_reset(&enc);
	if (imap_mutf7_encode(&enc, s, len, &e) == 0) {
		FUZZ_ASSERT(fuzz_no_ctl(buf_cstr(&enc), enc.len));
		FUZZ_ASSERT(imap_mutf7_decode(&back, buf_cstr(&enc), enc.len) == 0);
		FUZZ_ASSERT(back.len == len && memcmp(buf_cstr(&back), s, len) == 0);
	}
	buf_free(&dec);
	buf_free(&enc);
	buf_free(&back);
}

/* A string the builder writes is read back by the parser as the same bytes. */
static void
check_builder(const char *s, size_t len)
{
	struct imap_parser *p = imap_parser_new();
	struct imap_response *r;
	struct imap_cmd c;

	imap_cmd_init(&c, IMAP_CMD_UTF8);
	imap_cmd_begin(&c, "T", "X");
	imap_cmd_astring(&c, s, len);
	if (imap_cmd_end(&c, NULL) == 0) {
		FUZZ_ASSERT(memchr(s, '\0', len) == NULL);
		c.out.data[0] = '*';
		for (size_t i = 0; i < imap_cmd_parts(&c); i++) {
			const char *part;
			size_t n;

			imap_cmd_part(&c, i, &part, &n);
			FUZZ_ASSERT(imap_parser_feed(p, part, n) == 0);
		}
		FUZZ_ASSERT(imap_parser_next(p, &r, NULL) == 1);
		FUZZ_ASSERT(r->values.len == 2);
		FUZZ_ASSERT(imap_response_value(r, 1)->len == len);
		FUZZ_ASSERT(memcmp(imap_response_value(r, 1)->data, s, len) == 0);
		imap_response_free(r);
	} else {
		FUZZ_ASSERT(memchr(s, '\0', len) != NULL);
	}
	imap_cmd_free(&c);
	imap_parser_free(p);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf whole = BUF_INIT, cut = BUF_INIT;
	uint64_t seed = 0x9e3779b97f4a7c15u ^ size;
	size_t name_len = size < NAME_MAX_LEN ? size : NAME_MAX_LEN;

	for (size_t i = 0; i < size && i < 64; i++)
		seed = (seed ^ data[i]) * 0x100000001b3u;
	if (seed == 0)
		seed = 1;
	parse_all(&whole, data, size, 0, true);
	parse_all(&cut, data, size, seed, false);
	FUZZ_ASSERT(whole.len == cut.len && memcmp(buf_cstr(&whole), buf_cstr(&cut), whole.len) == 0);
	buf_free(&whole);
	buf_free(&cut);
	check_mutf7((const char *)data, name_len);
	check_builder((const char *)data, name_len);
	return 0;
}
