/* Unit tests for ui/format.c: index_format read into items. */
#include "check.h"

#include "ui/format.h"

static const struct ui_fmt_item *
item(const struct vec *v, size_t i)
{
	return VEC_AT(v, struct ui_fmt_item, i);
}

TEST(format_reads_the_default)
{
	struct vec v;
	struct err e;

	CHECK_INT_EQ(ui_format_parse(&v, UI_INDEX_FORMAT, &e), 0);
	CHECK_INT_EQ((long)v.len, 9);
	CHECK(item(&v, 0)->code == 'n' && item(&v, 0)->width == 5 && !item(&v, 0)->left);
	CHECK(item(&v, 1)->code == 0 && strcmp(item(&v, 1)->text, " ") == 0);
	CHECK(item(&v, 2)->code == 'Z');
	CHECK(item(&v, 4)->code == 'D' && item(&v, 4)->text == NULL);
	CHECK(item(&v, 6)->code == 'F' && item(&v, 6)->width == 20 && item(&v, 6)->left);
	CHECK(item(&v, 8)->code == 's' && item(&v, 8)->width == 0);
	ui_format_free(&v);
}

TEST(format_takes_strftime_for_the_date_and_percent_signs)
{
	struct vec v;
	struct err e;

	CHECK_INT_EQ(ui_format_parse(&v, "%{%Y-%m-%d}D 100%% %-8S|", &e), 0);
	CHECK_INT_EQ((long)v.len, 6);
	CHECK(item(&v, 0)->code == 'D' && strcmp(item(&v, 0)->text, "%Y-%m-%d") == 0);
	CHECK(strcmp(item(&v, 1)->text, " 100") == 0 && strcmp(item(&v, 2)->text, "%") == 0);
	CHECK(item(&v, 3)->code == 0 && strcmp(item(&v, 3)->text, " ") == 0);
	CHECK(item(&v, 4)->code == 'S' && item(&v, 4)->width == 8 && item(&v, 4)->left);
	CHECK(item(&v, 5)->code == 0 && strcmp(item(&v, 5)->text, "|") == 0);
	ui_format_free(&v);
}

TEST(format_refuses_what_it_cannot_read)
{
	struct vec v;
	struct err e;

	CHECK_INT_EQ(ui_format_parse(&v, "%q", &e), -1);
	CHECK(strstr(e.msg, "cannot read \"%q\"") != NULL);
	CHECK_INT_EQ(ui_format_parse(&v, "trailing %", &e), -1);
	CHECK_INT_EQ(ui_format_parse(&v, "%{%H}F", &e), -1);
	CHECK(strstr(e.msg, "only %D takes") != NULL);
	CHECK_INT_EQ(ui_format_parse(&v, "%99999F", &e), -1);
}

CHECK_MAIN(format_reads_the_default, format_takes_strftime_for_the_date_and_percent_signs,
    format_refuses_what_it_cannot_read)
