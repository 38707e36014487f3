/*
 * wide_layout: the columns of a statistics table in a wide layout
 * (`layout: wide` on a school_tables or village_tables entry), where the
 * grades or ages are columns, recognised by their headers so that a sheet
 * like 小基3-1 分年级学生数 joins without a `fields` entry per grade:
 *
 *   schools, students by grade (g1..g9): 一年级 ... 九年级, 1年级 ... 9年级,
 *     小学一年级 ... 小学六年级, 初一 初二 初三 and 初中一年级 ... 初中三年级
 *     (g7..g9), grade_1 ... grade_9, g1 ... g9 — bare or followed by
 *     学生数, 在校生数, 在校学生数, 在校生, 学生, 人数 or students;
 *   schools, classes by grade (classes_g1..classes_g9): the same grade
 *     followed by 班数, 班级数 or classes (一年级班数, grade_1_classes),
 *     or classes_g1 ... classes_g9;
 *   villages, children by age (age0..age14): 0岁 ... 14岁 or 0周岁 ...,
 *     bare or followed by 人口, 人数 or 儿童; age_0 ... age_14, age0 ...
 *
 * Spaces, underscores, hyphens and brackets in a header are ignored; other
 * columns (合计, 女生, 少数民族 ...) are not grades and are left alone.
 */
#ifndef JH_WIDE_LAYOUT_H
#define JH_WIDE_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

/* The canonical name the header stands for in a table of layer 1
 * (schools) or 2 (villages), written into buf; false when none. */
bool jh_wide_column(int layer, const char *header, char *buf, size_t n);

#endif
