/* Unit tests for mime/codec: base64 and quoted-printable, lenient decoding and strict encoding. */
#include "check.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "mime/codec.h"
#include "util/buf.h"

/* The decoders into fresh strings; the caller frees them. */
static char *
b64(const char *s, bool *clean)
{
	struct buf b = BUF_INIT;
	bool ok = mime_b64_decode(&b, s, strlen(s));

	if (clean != NULL)
		*clean = ok;
	return buf_detach(&b);
}

static char *
qp(const char *s, bool *clean)
{
	struct buf b = BUF_INIT;
	bool ok = mime_qp_decode(&b, s, strlen(s));

	if (clean != NULL)
		*clean = ok;
	return buf_detach(&b);
}

static char *
qp_enc(const char *s, size_t len)
{
	struct buf b = BUF_INIT;

	mime_qp_encode(&b, s, len);
	return buf_detach(&b);
}

/* The longest line of s (lines end in CRLF), not counting the CRLF. */
static size_t
longest_line(const char *s)
{
	size_t max = 0, cur = 0;

	for (; *s != '\0'; s++) {
		if (*s == '\r' && s[1] == '\n') {
			cur = 0;
			s++;
		} else if (++cur > max) {
			max = cur;
		}
	}
	return max;
}

/* A small deterministic generator, so a failing case can be repeated. */
static uint32_t
rnd(uint32_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 17;
	*state ^= *state << 5;
	return *state;
}

TEST(b64_decode_plain_text_is_clean)
{
	bool clean;
	char *s = b64("SGVsbG8sIFdvcmxkIQ==", &clean);

	CHECK_STR_EQ(s, "Hello, World!");
	CHECK(clean);
	free(s);
}

TEST(b64_decode_skips_white_space_and_line_breaks)
{
	bool clean;
	char *s = b64(" SGVs\r\nbG8s\tIFdv\ncmxk\r\n  IQ==\r\n", &clean);

	CHECK_STR_EQ(s, "Hello, World!");
	CHECK(clean);
	free(s);
}

TEST(b64_decode_skips_garbage_bytes_and_says_so)
{
	bool clean;
	char *s = b64("SGV*sbG8s!IFdv#cmxkIQ==", &clean);

	CHECK_STR_EQ(s, "Hello, World!");
	CHECK(!clean);
	free(s);
}

TEST(b64_decode_tolerates_missing_padding)
{
	bool clean;
	char *s = b64("SGk", &clean);	/* "Hi" without its '=' */

	CHECK_STR_EQ(s, "Hi");
	CHECK(!clean);
	free(s);
	s = b64("SA", &clean);
	CHECK_STR_EQ(s, "H");
	free(s);
	/* a single dangling character carries no whole byte */
	s = b64("SGVsbG8", NULL);
	CHECK_STR_EQ(s, "Hello");
	free(s);
}

TEST(b64_decode_stops_at_padding_and_drops_junk_after_it)
{
	bool clean;
	char *s = b64("ecO2dMOkIHZhYW4uCg== ignored\n", &clean);

	CHECK_STR_EQ(s, "y\xc3\xb6t\xc3\xa4 vaan.\n");
	CHECK(!clean);
	free(s);
	/* a second base64 blob after the padding is junk too */
	s = b64("SGk=SGk=", NULL);
	CHECK_STR_EQ(s, "Hi");
	free(s);
	/* white space after correct padding is clean */
	s = b64("SGk=\r\n\r\n", &clean);
	CHECK(clean);
	free(s);
}

TEST(b64_decode_of_pure_garbage_gives_nothing)
{
	bool clean;
	char *s = b64("?garbage\n", &clean);

	/* "garbage" are base64 letters, but 7 of them end with a dangling one */
	CHECK_INT_EQ(strlen(s), 5);
	CHECK(!clean);
	free(s);
	s = b64("!!!! ???? ====", &clean);
	CHECK_STR_EQ(s, "");
	CHECK(!clean);
	free(s);
}

TEST(b64_encode_wraps_at_76_columns_with_crlf)
{
	struct buf b = BUF_INIT;
	char in[100];

	memset(in, 'a', sizeof(in));
	mime_b64_encode(&b, in, sizeof(in), 76);
	CHECK_INT_EQ(b.len, 136 + 2 * 2);
	CHECK(memcmp(b.data + 76, "\r\n", 2) == 0);
	CHECK(memcmp(b.data + b.len - 2, "\r\n", 2) == 0);
	CHECK_INT_EQ(longest_line(b.data), 76);
	buf_free(&b);
}

TEST(b64_encode_line_len_zero_gives_one_line_without_crlf)
{
	struct buf b = BUF_INIT;
	char in[100];

	memset(in, 'a', sizeof(in));
	mime_b64_encode(&b, in, sizeof(in), 0);
	CHECK_INT_EQ(b.len, 136);
	CHECK(strchr(b.data, '\r') == NULL);
	buf_reset(&b);
	mime_b64_encode(&b, "Hi", 2, 0);
	CHECK_STR_EQ(buf_cstr(&b), "SGk=");
	buf_free(&b);
}

TEST(b64_round_trip_keeps_every_byte_at_every_length)
{
	struct buf enc = BUF_INIT, dec = BUF_INIT;
	char in[300];
	size_t len;

	for (len = 0; len < sizeof(in); len++)
		in[len] = (char)(len * 7 + 3);
	for (len = 0; len <= sizeof(in); len++) {
		buf_reset(&enc);
		buf_reset(&dec);
		mime_b64_encode(&enc, in, len, 76);
		CHECK(mime_b64_decode(&dec, buf_cstr(&enc), enc.len));
		CHECK_MEM_EQ(buf_cstr(&dec), dec.len, in, len);
	}
	buf_free(&enc);
	buf_free(&dec);
}

TEST(qp_decode_removes_soft_breaks_with_crlf_and_lf)
{
	bool clean;
	char *s = qp("p=C3=A4iv=\r\n=C3=A4=\n=C3=A4\n", &clean);

	CHECK_STR_EQ(s, "p\xc3\xa4iv\xc3\xa4\xc3\xa4\n");
	CHECK(clean);
	free(s);
}

TEST(qp_decode_reads_3d_and_lower_case_hex)
{
	bool clean;
	char *s = qp("a=3Db =3d c=e9=C3=a9", &clean);

	CHECK_STR_EQ(s, "a=b = c\xe9\xc3\xa9");
	CHECK(clean);
	free(s);
}

TEST(qp_decode_tolerates_white_space_after_soft_break_equals)
{
	bool clean;
	char *s = qp("one=  \r\ntwo=\t \nthree", &clean);

	CHECK_STR_EQ(s, "onetwothree");
	CHECK(clean);
	free(s);
	/* spaces before the '=' are data */
	s = qp("one  =\r\ntwo", NULL);
	CHECK_STR_EQ(s, "one  two");
	free(s);
}

TEST(qp_decode_keeps_broken_escapes_as_written)
{
	bool clean;
	char *s = qp("x=G1 y= z =4", &clean);

	CHECK_STR_EQ(s, "x=G1 y= z =4");
	CHECK(!clean);
	free(s);
	s = qp("a==41", &clean);
	CHECK_STR_EQ(s, "a=A");
	CHECK(!clean);
	free(s);
}

TEST(qp_decode_keeps_hard_line_ends_as_they_are)
{
	char *s = qp("crlf\r\nlf\nbare\rend  \n", NULL);

	CHECK_STR_EQ(s, "crlf\r\nlf\nbare\rend  \n");
	free(s);
}

TEST(qp_decode_equals_at_the_very_end_is_a_soft_break)
{
	bool clean;
	/* a MIME parser gives the body without the CRLF before the boundary */
	char *s = qp("sits on the final line=", &clean);

	CHECK_STR_EQ(s, "sits on the final line");
	CHECK(clean);
	free(s);
	s = qp("x=  ", NULL);
	CHECK_STR_EQ(s, "x");
	free(s);
}

TEST(q_decode_reads_underscore_as_space_and_keeps_broken_escapes)
{
	struct buf b = BUF_INIT;

	mime_q_decode(&b, "caf=C3=A9_au_lait", 17);
	CHECK_STR_EQ(buf_cstr(&b), "caf\xc3\xa9 au lait");
	buf_reset(&b);
	mime_q_decode(&b, "100=%_=3f=", 10);
	CHECK_STR_EQ(buf_cstr(&b), "100=% ?=");
	buf_free(&b);
}

TEST(qp_encode_leaves_plain_ascii_and_writes_crlf)
{
	char *s = qp_enc("Hello, world!\nSecond line\r\nthird", 32);

	CHECK_STR_EQ(s, "Hello, world!\r\nSecond line\r\nthird");
	free(s);
	s = qp_enc("", 0);
	CHECK_STR_EQ(s, "");
	free(s);
	s = qp_enc("\n\n", 2);
	CHECK_STR_EQ(s, "\r\n\r\n");
	free(s);
}

TEST(qp_encode_escapes_equals_8bit_and_controls)
{
	char *s = qp_enc("a=b caf\xc3\xa9\x01\x7f\rx", 13);

	CHECK_STR_EQ(s, "a=3Db caf=C3=A9=01=7F=0Dx");
	free(s);
}

TEST(qp_encode_breaks_lines_longer_than_76)
{
	char in[200], *s;

	memset(in, 'x', sizeof(in));
	s = qp_enc(in, sizeof(in));
	CHECK(longest_line(s) <= 76);
	CHECK(strncmp(s + 75, "=\r\n", 3) == 0);
	free(s);
	/* exactly 76 characters fit without a soft break */
	s = qp_enc(in, 76);
	CHECK(strchr(s, '=') == NULL);
	free(s);
	s = qp_enc(in, 77);
	CHECK(strstr(s, "=\r\n") != NULL);
	free(s);
}

TEST(qp_encode_never_splits_an_escape)
{
	char in[120], *s;
	size_t i;

	for (i = 0; i < sizeof(in); i++)
		in[i] = i % 3 == 0 ? 'a' : (char)0xe9;
	s = qp_enc(in, sizeof(in));
	CHECK(longest_line(s) <= 76);
	/* every line but the last ends in a soft break right after a whole escape */
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] == '\r') {
			CHECK(i >= 1 && s[i - 1] == '=');
			CHECK(i < 2 || s[i - 2] != '=');
			CHECK(i < 3 || s[i - 3] != '=');
			i++;
		}
	}
	free(s);
}

TEST(qp_encode_escapes_trailing_space_and_tab)
{
	char *s = qp_enc("trailing \nand tab\t\nend ", 23);

	CHECK_STR_EQ(s, "trailing=20\r\nand tab=09\r\nend=20");
	free(s);
	/* inner white space stays */
	s = qp_enc("a  b", 4);
	CHECK_STR_EQ(s, "a  b");
	free(s);
}

TEST(qp_encode_escapes_from_and_dot_at_line_start)
{
	char in[120], *s;

	s = qp_enc("From me\n.\n..x\nnot From here.", 28);
	CHECK_STR_EQ(s, "=46rom me\r\n=2E\r\n=2E.x\r\nnot From here.");
	free(s);
	s = qp_enc("Fromage\n", 8);
	CHECK_STR_EQ(s, "Fromage\r\n");
	free(s);
	/* also at the start of a line made by a soft break */
	memset(in, 'x', 75);
	memcpy(in + 75, "From x", 6);
	s = qp_enc(in, 81);
	CHECK(strstr(s, "x=\r\n=46rom x") != NULL);
	free(s);
	memcpy(in + 75, ".x", 2);
	s = qp_enc(in, 77);
	CHECK(strstr(s, "x=\r\n=2Ex") != NULL);
	free(s);
}

TEST(qp_round_trip_keeps_random_binary_safe_text)
{
	struct buf dec = BUF_INIT;
	uint32_t state = 0x2545f491;
	char in[600], *enc;
	size_t len, i;
	int round;

	for (round = 0; round < 300; round++) {
		len = rnd(&state) % sizeof(in);
		for (i = 0; i < len; i++) {
			in[i] = (char)rnd(&state);
			/* line ends as the encoder writes them: CRLF only */
			if (in[i] == '\n')
				in[i] = ' ';
			if (rnd(&state) % 40 == 0 && i + 1 < len) {
				in[i++] = '\r';
				in[i] = '\n';
			}
		}
		enc = qp_enc(in, len);
		CHECK(longest_line(enc) <= 76);
		for (i = 0; enc[i] != '\0'; i++)
			CHECK((unsigned char)enc[i] < 0x80);
		buf_reset(&dec);
		CHECK(mime_qp_decode(&dec, enc, strlen(enc)));
		CHECK_MEM_EQ(buf_cstr(&dec), dec.len, in, len);
		free(enc);
	}
	buf_free(&dec);
}

CHECK_MAIN(b64_decode_plain_text_is_clean,
    b64_decode_skips_white_space_and_line_breaks,
    b64_decode_skips_garbage_bytes_and_says_so,
    b64_decode_tolerates_missing_padding,
    b64_decode_stops_at_padding_and_drops_junk_after_it,
    b64_decode_of_pure_garbage_gives_nothing,
    b64_encode_wraps_at_76_columns_with_crlf,
    b64_encode_line_len_zero_gives_one_line_without_crlf,
    b64_round_trip_keeps_every_byte_at_every_length,
    qp_decode_removes_soft_breaks_with_crlf_and_lf,
    qp_decode_reads_3d_and_lower_case_hex,
    qp_decode_tolerates_white_space_after_soft_break_equals,
    qp_decode_keeps_broken_escapes_as_written,
    qp_decode_keeps_hard_line_ends_as_they_are,
    qp_decode_equals_at_the_very_end_is_a_soft_break,
    q_decode_reads_underscore_as_space_and_keeps_broken_escapes,
    qp_encode_leaves_plain_ascii_and_writes_crlf,
    qp_encode_escapes_equals_8bit_and_controls,
    qp_encode_breaks_lines_longer_than_76,
    qp_encode_never_splits_an_escape,
    qp_encode_escapes_trailing_space_and_tab,
    qp_encode_escapes_from_and_dot_at_line_start,
    qp_round_trip_keeps_random_binary_safe_text)
