/*
 * road_graph: the graph of a road layer (see roads.h) — nodes snapped
 * together within a tolerance, edges one per segment, a grid of segments
 * for the nearest road point of a village or school, and the cost of
 * travelling along an edge by a mode. Internal to engine/travel.
 */
#ifndef JH_ROAD_GRAPH_H
#define JH_ROAD_GRAPH_H

#include <stdbool.h>
#include <stddef.h>

#include "input/road_layer.h"
#include "scenario.h"

typedef struct jh_road_graph {
    size_t nn, ne;
    double *nx, *ny;            /* node positions */
    /* edges: segment (x0,y0)-(x1,y1) digitised from node ea to node eb */
    int *ea, *eb, *eline;
    double *ex0, *ey0, *ex1, *ey1, *elen;
    /* adjacency, both half-edges: at node u, entries [adj_start[u], adj_start[u+1]) */
    size_t *adj_start;
    int *adj_to, *adj_edge;
    unsigned char *adj_along;   /* 1: u -> to runs along the digitised direction */
    /* grid of edges */
    double gx0, gy0, cell;
    int gw, gh;
    size_t *cell_start;
    int *cell_edge;
    size_t mode_edges[JH_NTRAVEL_MODES]; /* edges each mode may use */
    const jh_road_lines *lines;
    const jh_travel_rules *rules;
    bool minutes;
} jh_road_graph;

/* Where a point joins the network for a mode. */
typedef struct jh_road_attach {
    int edge;                   /* -1: no road the mode may use */
    double t;                   /* position along the edge, 0 at ea, 1 at eb */
    double conn_m;              /* the connector's length */
    double conn_cost;           /* its cost (walked) */
} jh_road_attach;

jh_status jh_road_graph_build(jh_road_graph *g, const jh_road_lines *l, const jh_travel_rules *r,
                              bool minutes, jh_error *err);
void jh_road_graph_free(jh_road_graph *g);

/* The cost of travelling `frac` of edge e by mode m, along (true) or
 * against its digitised direction; INFINITY when the mode may not. */
double jh_road_edge_cost(const jh_road_graph *g, int e, jh_travel_mode m, bool along, double frac);

/* The nearest point of an edge mode m may use. */
jh_road_attach jh_road_attach_point(const jh_road_graph *g, double x, double y, jh_travel_mode m);

/* Connected components (undirected, all modes): the count, and the size
 * of the largest. */
size_t jh_road_components(const jh_road_graph *g, size_t *largest);

#endif
