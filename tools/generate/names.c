/*
 * names.c: the names a county is read by. Places get two or three
 * characters from short lists (towns add 镇 or 乡, villages 村, urban
 * communities 社区), not reused among the towns or among the villages
 * until the lists run short and a number is appended, so a name in a
 * table nearly always means one place. Schools are numbered with Chinese
 * ordinals (城关第三小学, schools.c).
 */
#include "generate/generate_internal.h"

#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_rng.h>

/* Place names are two or three characters from these lists; towns add
 * 镇, villages 村, urban communities 社区. */
static const char *const NAME_A[] = {
    "青", "石", "白", "黄", "柳", "桃", "杨", "李", "张", "王", "高", "新", "东", "西",
    "南", "北", "上", "下", "大", "小", "龙", "马", "凤", "金", "银", "长", "安", "和",
    "平", "兴", "双", "三", "五", "花", "松", "竹", "梅", "兰", "清", "红"};
static const char *const NAME_M[] = {
    "家", "水", "木", "云", "阳", "泉", "古", "丰", "福", "乐", "宁", "合",
    "仁", "义", "德", "光", "明", "华", "春", "秋", "丘", "台", "岩", "莲"};
static const char *const NAME_B[] = {
    "山", "河", "湖", "桥", "坪", "岭", "溪", "田", "湾", "坝", "口", "庄", "集", "铺",
    "塘", "冲", "港", "店", "寨", "源", "林", "沟", "坡", "岗", "洲", "垭", "园", "埠",
    "堡", "营", "峪", "滩"};
#define N_A (sizeof NAME_A / sizeof *NAME_A)
#define N_M (sizeof NAME_M / sizeof *NAME_M)
#define N_B (sizeof NAME_B / sizeof *NAME_B)
#define N_CODES2 (N_A * N_B)
#define N_CODES (N_CODES2 + N_A * N_M * N_B)

/* A fresh namespace: one byte per possible name, none used yet. */
unsigned char *gen_name_space(void) { return calloc(N_CODES, 1); }

/* Draws a name not used before in this namespace (`used` has N_CODES
 * bytes); once the code space is crowded a number is appended. */
void gen_draw_name(gsl_rng *r, unsigned char *used, char *buf, size_t size)
{
    for (int attempt = 0; attempt < 40; attempt++) {
        size_t code = attempt < 8 ? gsl_rng_uniform_int(r, N_CODES2)
                                  : N_CODES2 + gsl_rng_uniform_int(r, N_CODES - N_CODES2);
        if (used[code])
            continue;
        used[code] = 1;
        if (code < N_CODES2)
            snprintf(buf, size, "%s%s", NAME_A[code / N_B], NAME_B[code % N_B]);
        else {
            size_t k = code - N_CODES2;
            snprintf(buf, size, "%s%s%s", NAME_A[k / (N_M * N_B)], NAME_M[(k / N_B) % N_M],
                     NAME_B[k % N_B]);
        }
        return;
    }
    size_t code = gsl_rng_uniform_int(r, N_CODES2);
    snprintf(buf, size, "%s%s%lu", NAME_A[code / N_B], NAME_B[code % N_B],
             (unsigned long)gsl_rng_uniform_int(r, 1000000));
}

/* Chinese ordinal number for school names: 一 … 九十九, digits beyond. */
void gen_cn_number(int k, char *buf, size_t size)
{
    static const char *const d[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    if (k <= 0 || k >= 100)
        snprintf(buf, size, "%d", k);
    else if (k < 10)
        snprintf(buf, size, "%s", d[k]);
    else if (k < 20)
        snprintf(buf, size, "十%s", d[k % 10]);
    else
        snprintf(buf, size, "%s十%s", d[k / 10], d[k % 10]);
}
