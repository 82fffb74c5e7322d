/*
 * fuzz-encword.c: libFuzzer target for RFC 2047 encoded words: decoding any
 * header text, and encoding UTF-8 (unstructured text and display names) so
 * that decoding gives it back.
 */
#include "fuzz-check.h"

#include "mime/addr.h"
#include "mime/encword.h"
#include "util/buf.h"

/* Encoded header text is 7-bit, and its only line breaks are folds (CRLF, then white space). */
static void
check_header_bytes(const struct buf *b)
{
	for (size_t i = 0; i < b->len; i++) {
		unsigned char c = (unsigned char)b->data[i];

		FUZZ_ASSERT(c != 0 && c < 0x80);
		if (c == '\r')
			FUZZ_ASSERT(i + 2 < b->len && b->data[i + 1] == '\n' &&
			    (b->data[i + 2] == ' ' || b->data[i + 2] == '\t'));
		if (c == '\n')
			FUZZ_ASSERT(i > 0 && b->data[i - 1] == '\r');
	}
}

/* Removes the CRLF of each fold, as a reader unfolds (RFC 5322 2.2.3). */
static void
unfold(struct buf *out, const struct buf *in)
{
	for (size_t i = 0; i < in->len; i++) {
		if (in->data[i] == '\r' && i + 1 < in->len && in->data[i + 1] == '\n') {
			i++;
			continue;
		}
		buf_addc(out, in->data[i]);
	}
}

static void
check_decode(const char *in, size_t size)
{
	struct buf b = BUF_INIT;

	mime_ew_decode(&b, in, size);
	FUZZ_ASSERT(str_utf8_valid(buf_cstr(&b), b.len));
	buf_free(&b);
}

static void
check_roundtrip(const char *in, size_t size, size_t col)
{
	struct buf enc = BUF_INIT, flat = BUF_INIT, dec = BUF_INIT;

	mime_ew_encode(&enc, in, size, col);
	check_header_bytes(&enc);
	unfold(&flat, &enc);
	mime_ew_decode(&dec, buf_cstr(&flat), flat.len);
	if (dec.len != size || memcmp(buf_cstr(&dec), in, size) != 0) {
		fprintf(stderr, "encoded as \"%s\"\ndecoded as \"%s\"\n", buf_cstr(&enc),
		    buf_cstr(&dec));
		fuzz_fail(__FILE__, __LINE__, "decode(encode(text)) == text");
	}
	buf_free(&enc);
	buf_free(&flat);
	buf_free(&dec);
}

/* A display name written as a phrase comes back as that name from the address parser. */
static void
check_phrase(const char *in, size_t size)
{
	struct vec v = VEC_INIT(struct mime_addr);
	struct buf hdr = BUF_INIT;
	const struct mime_addr *a;

	if (fuzz_same_words(in, size, "", 0))
		return;
	mime_ew_encode_phrase(&hdr, in, size, 6);	/* after "From: " */
	check_header_bytes(&hdr);
	buf_adds(&hdr, " <someone@example.test>");
	FUZZ_ASSERT(mime_addr_parse(&v, buf_cstr(&hdr), hdr.len) == 1);
	a = VEC_AT(&v, struct mime_addr, 0);
	FUZZ_ASSERT(a->email != NULL && strcmp(a->email, "someone@example.test") == 0);
	if (a->name == NULL || !fuzz_same_words(a->name, strlen(a->name), in, size)) {
		fprintf(stderr, "phrase \"%s\"\nname \"%s\"\n", buf_cstr(&hdr),
		    a->name != NULL ? a->name : "(null)");
		fuzz_fail(__FILE__, __LINE__, "the address parser reads a written phrase back");
	}
	buf_free(&hdr);
	mime_addr_list_free(&v);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;

	check_decode(in, size);
	/*
	 * Text for a header is UTF-8 without control characters (tabs and line
	 * breaks are the folding's business, not the text's).
	 */
	if (!str_utf8_valid(in, size) || !fuzz_no_ctl(in, size) || fuzz_has_bom(in, size))
		return 0;
	check_roundtrip(in, size, 9);	/* after "Subject: " */
	check_roundtrip(in, size, size % 79);
	check_phrase(in, size);
	return 0;
}
