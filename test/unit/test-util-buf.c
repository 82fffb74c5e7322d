/* Unit tests for util/buf and util/vec. */
#include "check.h"

#include <stdlib.h>

#include "util/buf.h"
#include "util/vec.h"
#include "util/xalloc.h"

TEST(buf_starts_as_empty_string)
{
	struct buf b = BUF_INIT;

	CHECK_STR_EQ(buf_cstr(&b), "");
	CHECK_INT_EQ(b.len, 0);
	buf_free(&b);
}

TEST(buf_grows_past_its_first_capacity)
{
	struct buf b = BUF_INIT;

	for (int i = 0; i < 10000; i++)
		buf_addc(&b, (char)('a' + i % 26));
	CHECK_INT_EQ(b.len, 10000);
	CHECK(b.data[9999] == 'a' + 9999 % 26);
	CHECK(b.data[10000] == '\0');
	buf_free(&b);
}

TEST(buf_addf_formats_long_output)
{
	struct buf b = BUF_INIT;
	char big[300];

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	buf_adds(&b, "<");
	buf_addf(&b, "%s|%d", big, 42);
	CHECK_INT_EQ(b.len, 1 + 299 + 3);
	CHECK_STR_EQ(buf_cstr(&b) + 300, "|42");
	buf_free(&b);
}

TEST(buf_consume_keeps_the_rest)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, "A001 OK done\r\nrest");
	buf_consume(&b, 14);
	CHECK_STR_EQ(buf_cstr(&b), "rest");
	buf_consume(&b, 100);
	CHECK_STR_EQ(buf_cstr(&b), "");
	buf_free(&b);
}

TEST(buf_keeps_embedded_nul_bytes)
{
	struct buf b = BUF_INIT;

	buf_add(&b, "a\0b", 3);
	CHECK_INT_EQ(b.len, 3);
	CHECK_MEM_EQ(b.data, b.len, "a\0b", 3);
	char *s = buf_detach(&b);
	CHECK(b.data == NULL);
	free(s);
}

TEST(vec_push_and_remove_keep_order)
{
	struct vec v = VEC_INIT(int);

	for (int i = 0; i < 100; i++)
		vec_push(&v, &i);
	vec_remove(&v, 0);
	vec_remove(&v, 50);
	CHECK_INT_EQ(v.len, 98);
	CHECK_INT_EQ(*VEC_AT(&v, int, 0), 1);
	CHECK_INT_EQ(*VEC_AT(&v, int, 50), 52);
	vec_free(&v);
}

TEST(strvec_owns_copies)
{
	struct strvec sv = STRVEC_INIT;
	char tmp[8] = "hello";

	strvec_push(&sv, tmp);
	tmp[0] = 'j';
	strvec_push_owned(&sv, xstrdup("world"));
	CHECK_INT_EQ(strvec_len(&sv), 2);
	CHECK_STR_EQ(strvec_get(&sv, 0), "hello");
	CHECK_STR_EQ(strvec_get(&sv, 1), "world");
	strvec_free(&sv);
}

CHECK_MAIN(buf_starts_as_empty_string, buf_grows_past_its_first_capacity,
    buf_addf_formats_long_output, buf_consume_keeps_the_rest,
    buf_keeps_embedded_nul_bytes, vec_push_and_remove_keep_order,
    strvec_owns_copies)
