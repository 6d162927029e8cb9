/* The quick check in C: is there nothing to report on these Structs?

   An optional accelerator of the generated quick check (`_generated/<dialect>_quick.py`, written
   by codegen/quick.py), with the same plan (codec/checks.py: `plan`, `leads`, `nesting`). One
   generic walker, driven by a table that codec/speedups.py builds once per dialect and direction
   from that plan; nothing here knows a dialect.

   Soundness is the contract: a check answers 1 ("nothing to report") only where the Python quick
   check answers True. Anything it does not handle exactly (a Struct of another class than the
   table expects, a subclass other than one that keeps a response's new keys, a container that is not an exact list or dict, a slot left empty,
   an exception raised by a limit's check) answers 0, "not sure", and the caller asks the Python
   check (`Quick` does it itself when given a fallback).

   The same walker answers encode's question (codec/encode.py): does an enum field below these
   Structs hold a str that encode writes in another spelling? A node may list its enum fields, each
   with the values written as they are; a table of nodes with enum fields and steps alone is the
   spelling walk of codegen/spell.py, and its fallback is that walk's answer, negated.

   Fields are read by slot offset: msgspec keeps a Struct's fields in slots, described by member
   descriptors on the class (PyMemberDescrObject, CPython's non-limited API, the same layout from
   3.10 to 3.13); the offset is read once per (class, field) when the table is built. */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stddef.h> /* offsetof: Python.h includes it no more from 3.13 */

#ifndef Py_T_OBJECT_EX /* 3.12 names it in descrobject.h; before, structmember.h */
#include <structmember.h>
#define Py_T_OBJECT_EX T_OBJECT_EX
#endif

enum { STEP_ONE = 0, STEP_LIST = 1, STEP_MAP = 2 };

typedef struct {
    Py_ssize_t count;
    Py_ssize_t *members; /* slot offsets */
    PyObject *blank;     /* the message with nothing set, when the oneof is required; else NULL */
} Oneof;

typedef struct {
    Py_ssize_t field, other; /* `field` set asks `other` to be True */
} Requires;

typedef struct {
    Py_ssize_t field;
    PyObject *keywords; /* handed to bounds.check_keywords */
} Limit;

typedef struct {
    Py_ssize_t field;
    int kind;
    Py_ssize_t target; /* index of the node of the field's message */
} Step;

typedef struct {
    Py_ssize_t field;
    int kind;          /* STEP_ONE, STEP_LIST or STEP_MAP: one value, a list or a map of them */
    PyObject *spelled; /* the frozenset of the enum's values that encode writes as they are */
} Enum;

typedef struct {
    PyTypeObject *cls;
    Py_ssize_t n_oneofs, n_requires, n_limits, n_data, n_steps, n_enums;
    Oneof *oneofs;
    Requires *requires;
    Limit *limits;
    Py_ssize_t *data; /* free JSON values (args, response, Struct, Value): nesting measured */
    Step *steps;
    Enum *enums;
} Node;

typedef struct {
    PyObject_HEAD
    Py_ssize_t n_nodes;
    Node *nodes;
    PyObject *unset;
    PyObject *check_keywords;
    Py_ssize_t max_depth;
} PlanObject;

typedef struct {
    PyObject_HEAD
    PlanObject *plan;
    Py_ssize_t root;
    PyObject *fallback; /* the Python quick check of the same root, asked when C is not sure; or NULL */
    vectorcallfunc vectorcall;
} QuickObject;

/* --------------------------------------------------------------------------- the walk */

static inline PyObject *slot(PyObject *obj, Py_ssize_t offset) {
    return *(PyObject **)((char *)obj + offset);
}

/* Whether a free JSON value holds arrays and objects more than `levels` deep: bounds.deeper.
   Exact dicts and lists only, as there (`type(x) is dict`). The recursion is at most `levels` + 1
   deep, and `levels` is below MAX_DEPTH. No Python code runs here, so borrowed references hold. */
static int deeper(PyObject *v, Py_ssize_t levels) {
    if (PyDict_CheckExact(v)) {
        if (levels < 1)
            return 1;
        Py_ssize_t pos = 0;
        PyObject *key, *x;
        while (PyDict_Next(v, &pos, &key, &x)) {
            if ((PyDict_CheckExact(x) || PyList_CheckExact(x)) && deeper(x, levels - 1))
                return 1;
        }
        return 0;
    }
    if (PyList_CheckExact(v)) {
        if (levels < 1)
            return 1;
        for (Py_ssize_t i = 0; i < PyList_GET_SIZE(v); i++) {
            PyObject *x = PyList_GET_ITEM(v, i);
            if ((PyDict_CheckExact(x) || PyList_CheckExact(x)) && deeper(x, levels - 1))
                return 1;
        }
        return 0;
    }
    return 0;
}

/* An exception inside the walk (from check_keywords or a comparison) makes the answer "not
   sure" (0), and the Python check will meet it again; one that is not an Exception (a
   KeyboardInterrupt, a MemoryError is one) goes up (-1). */
static int unsure(void) {
    if (PyErr_ExceptionMatches(PyExc_Exception) && !PyErr_ExceptionMatches(PyExc_MemoryError)) {
        PyErr_Clear();
        return 0;
    }
    return -1;
}

/* Whether an enum field's value is written by encode as it is (codec/encode.py): anything but an
   exact str (an enum member, UNSET), or a str among the enum's canonical values. 1 yes, 0 not sure,
   -1 an exception. */
static int spelled_one(PyObject *v, PyObject *spelled) {
    if (!PyUnicode_CheckExact(v))
        return 1;
    return PySet_Contains(spelled, v);
}

static int spelled_field(PyObject *v, const Enum *e) {
    if (e->kind == STEP_ONE)
        return spelled_one(v, e->spelled);
    if (e->kind == STEP_LIST && PyList_CheckExact(v)) {
        for (Py_ssize_t j = 0; j < PyList_GET_SIZE(v); j++) {
            int ok = spelled_one(PyList_GET_ITEM(v, j), e->spelled);
            if (ok != 1)
                return ok;
        }
        return 1;
    }
    if (e->kind == STEP_MAP && PyDict_CheckExact(v)) {
        Py_ssize_t pos = 0;
        PyObject *key, *x;
        while (PyDict_Next(v, &pos, &key, &x)) {
            int ok = spelled_one(x, e->spelled);
            if (ok != 1)
                return ok;
        }
        return 1;
    }
    return 0;
}

/* Whether `type` is a subclass that codec/extras.py made to keep a response's unknown keys of the
   generated class `cls`, with the fields of `cls` in their places (`__wire_plain__`: no key of
   them overridden), the new keys' fields after them: such an object is read as a `cls`, as the
   Python check reads it (by attribute), and its new keys' values are not the check's. Read from
   the class's own namespace, where unknown_class puts both: no Python code runs. */
static PyObject *WIRE_BASE, *WIRE_PLAIN;

static int plain_subclass(PyTypeObject *type, PyTypeObject *cls) {
    PyObject *ns = type->tp_dict;
    if (ns == NULL || !PyDict_CheckExact(ns) || !PyType_IsSubtype(type, cls))
        return 0;
    PyObject *base = PyDict_GetItemWithError(ns, WIRE_BASE);
    if (base != (PyObject *)cls) {
        PyErr_Clear();
        return 0;
    }
    PyObject *plain = PyDict_GetItemWithError(ns, WIRE_PLAIN);
    if (plain != Py_True) {
        PyErr_Clear();
        return 0;
    }
    return 1;
}

/* 1: nothing to report on `obj`, a message of node `index` at path length `lv`; 0: not sure;
   -1: an exception to raise. */
static int walk(PlanObject *p, Py_ssize_t index, PyObject *obj, Py_ssize_t lv) {
    const Node *n = &p->nodes[index];
    PyObject *unset = p->unset;
    /* The Python check refuses a type that nests (a Schema) at MAX_DEPTH; past it only a payload
       that is too deep anyway goes, so anything there is left to Python. It also bounds the
       recursion. */
    if (lv >= p->max_depth || (Py_TYPE(obj) != n->cls && !plain_subclass(Py_TYPE(obj), n->cls)))
        return 0;
    for (Py_ssize_t i = 0; i < n->n_oneofs; i++) {
        const Oneof *o = &n->oneofs[i];
        Py_ssize_t set = 0;
        for (Py_ssize_t j = 0; j < o->count; j++) {
            PyObject *v = slot(obj, o->members[j]);
            if (v == NULL)
                return 0;
            if (v != unset)
                set++;
        }
        if (set > 1)
            return 0;
        if (set == 0 && o->blank != NULL) {
            /* A required oneof: only a message with nothing at all set is refused. */
            int same = PyObject_RichCompareBool(obj, o->blank, Py_EQ);
            if (same != 0)
                return same < 0 ? unsure() : 0;
        }
    }
    for (Py_ssize_t i = 0; i < n->n_requires; i++) {
        PyObject *v = slot(obj, n->requires[i].field);
        PyObject *other = slot(obj, n->requires[i].other);
        if (v == NULL || other == NULL)
            return 0;
        if (v != unset && other != Py_True)
            return 0;
    }
    for (Py_ssize_t i = 0; i < n->n_limits; i++) {
        PyObject *v = slot(obj, n->limits[i].field);
        if (v == NULL)
            return 0;
        if (v == unset)
            continue;
        Py_INCREF(v);
        PyObject *problem = PyObject_CallFunctionObjArgs(p->check_keywords, n->limits[i].keywords, v, NULL);
        Py_DECREF(v);
        if (problem == NULL)
            return unsure();
        Py_DECREF(problem);
        if (problem != Py_None)
            return 0;
    }
    for (Py_ssize_t i = 0; i < n->n_data; i++) {
        PyObject *v = slot(obj, n->data[i]);
        if (v == NULL)
            return 0;
        if (v != unset && deeper(v, p->max_depth - lv - 1))
            return 0;
    }
    for (Py_ssize_t i = 0; i < n->n_enums; i++) {
        PyObject *v = slot(obj, n->enums[i].field);
        if (v == NULL)
            return 0;
        if (v == unset)
            continue;
        /* No Python code runs in a str's hash or a frozenset's lookup: borrowed references hold. */
        int ok = spelled_field(v, &n->enums[i]);
        if (ok != 1)
            return ok < 0 ? unsure() : 0;
    }
    for (Py_ssize_t i = 0; i < n->n_steps; i++) {
        const Step *s = &n->steps[i];
        PyObject *v = slot(obj, s->field);
        if (v == NULL)
            return 0;
        if (v == unset)
            continue;
        int ok = 1;
        Py_INCREF(v); /* a limit's check runs Python code below: hold what is walked */
        if (s->kind == STEP_ONE) {
            ok = walk(p, s->target, v, lv + 1);
        } else if (s->kind == STEP_LIST && PyList_CheckExact(v)) {
            for (Py_ssize_t j = 0; ok == 1 && j < PyList_GET_SIZE(v); j++) {
                PyObject *x = PyList_GET_ITEM(v, j);
                Py_INCREF(x);
                ok = walk(p, s->target, x, lv + 2);
                Py_DECREF(x);
            }
        } else if (s->kind == STEP_MAP && PyDict_CheckExact(v)) {
            Py_ssize_t pos = 0;
            PyObject *key, *x;
            while (ok == 1 && PyDict_Next(v, &pos, &key, &x)) {
                Py_INCREF(x);
                ok = walk(p, s->target, x, lv + 2);
                Py_DECREF(x);
            }
        } else {
            ok = 0; /* a tuple, a subclass of list or dict: not what msgspec decodes */
        }
        Py_DECREF(v);
        if (ok != 1)
            return ok;
    }
    return 1;
}

/* --------------------------------------------------------------------------- the plan */

static void plan_dealloc(PlanObject *self) {
    for (Py_ssize_t i = 0; i < self->n_nodes; i++) {
        Node *n = &self->nodes[i];
        Py_XDECREF(n->cls);
        for (Py_ssize_t j = 0; j < n->n_oneofs; j++) {
            PyMem_Free(n->oneofs[j].members);
            Py_XDECREF(n->oneofs[j].blank);
        }
        for (Py_ssize_t j = 0; j < n->n_limits; j++)
            Py_XDECREF(n->limits[j].keywords);
        for (Py_ssize_t j = 0; j < n->n_enums; j++)
            Py_XDECREF(n->enums[j].spelled);
        PyMem_Free(n->enums);
        PyMem_Free(n->oneofs);
        PyMem_Free(n->requires);
        PyMem_Free(n->limits);
        PyMem_Free(n->data);
        PyMem_Free(n->steps);
    }
    PyMem_Free(self->nodes);
    Py_XDECREF(self->unset);
    Py_XDECREF(self->check_keywords);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* The slot offset of field `name` of `cls`, from its member descriptor; -1 with an exception when
   the field is not an object slot of the class. */
static Py_ssize_t offset_of(PyTypeObject *cls, PyObject *name) {
    PyObject *d = PyObject_GetAttr((PyObject *)cls, name);
    if (d == NULL)
        return -1;
    Py_ssize_t offset = -1;
    if (Py_TYPE(d) != &PyMemberDescr_Type) {
        PyErr_Format(PyExc_TypeError, "%s.%U is not a slot", cls->tp_name, name);
    } else {
        PyMemberDescrObject *m = (PyMemberDescrObject *)d;
        if (m->d_member->type != Py_T_OBJECT_EX || !PyType_IsSubtype(cls, m->d_common.d_type) ||
            m->d_member->offset < (Py_ssize_t)sizeof(PyObject) ||
            m->d_member->offset + (Py_ssize_t)sizeof(PyObject *) > cls->tp_basicsize)
            PyErr_Format(PyExc_TypeError, "%s.%U is not an object slot of the class", cls->tp_name, name);
        else
            offset = m->d_member->offset;
    }
    Py_DECREF(d);
    return offset;
}

/* A sequence of items as a list (a new reference), or NULL. */
static PyObject *items_of(PyObject *seq, const char *what) {
    return PySequence_Fast(seq, what);
}

static int read_node(Node *n, PyObject *row, Py_ssize_t n_nodes) {
    PyObject *cls, *oneofs, *requires, *limits, *data, *steps, *enums = NULL;
    if (!PyArg_ParseTuple(row, "O!OOOOO|O;a node is (cls, oneofs, requires, limits, data, steps[, enums])", &PyType_Type,
                          &cls, &oneofs, &requires, &limits, &data, &steps, &enums))
        return -1;
    Py_INCREF(cls);
    n->cls = (PyTypeObject *)cls;
    PyObject *seq = NULL, *inner = NULL;
    int result = -1;

    if (!(seq = items_of(oneofs, "oneofs: a sequence")))
        goto done;
    n->n_oneofs = PySequence_Fast_GET_SIZE(seq);
    n->oneofs = PyMem_Calloc(n->n_oneofs ? n->n_oneofs : 1, sizeof(Oneof));
    if (!n->oneofs)
        goto nomem;
    for (Py_ssize_t i = 0; i < n->n_oneofs; i++) {
        PyObject *members, *blank;
        if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(seq, i), "OO;a oneof is (attrs, blank or None)", &members, &blank))
            goto done;
        if (!(inner = items_of(members, "a oneof's attrs: a sequence")))
            goto done;
        Oneof *o = &n->oneofs[i];
        o->count = PySequence_Fast_GET_SIZE(inner);
        o->members = PyMem_Calloc(o->count ? o->count : 1, sizeof(Py_ssize_t));
        if (!o->members)
            goto nomem;
        for (Py_ssize_t j = 0; j < o->count; j++)
            if ((o->members[j] = offset_of(n->cls, PySequence_Fast_GET_ITEM(inner, j))) < 0)
                goto done;
        Py_CLEAR(inner);
        if (blank != Py_None) {
            Py_INCREF(blank);
            o->blank = blank;
        }
    }
    Py_CLEAR(seq);

    if (!(seq = items_of(requires, "requires: a sequence")))
        goto done;
    n->n_requires = PySequence_Fast_GET_SIZE(seq);
    n->requires = PyMem_Calloc(n->n_requires ? n->n_requires : 1, sizeof(Requires));
    if (!n->requires)
        goto nomem;
    for (Py_ssize_t i = 0; i < n->n_requires; i++) {
        PyObject *field, *other;
        if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(seq, i), "UU;a requirement is (attr, attr)", &field, &other))
            goto done;
        if ((n->requires[i].field = offset_of(n->cls, field)) < 0 || (n->requires[i].other = offset_of(n->cls, other)) < 0)
            goto done;
    }
    Py_CLEAR(seq);

    if (!(seq = items_of(limits, "limits: a sequence")))
        goto done;
    n->n_limits = PySequence_Fast_GET_SIZE(seq);
    n->limits = PyMem_Calloc(n->n_limits ? n->n_limits : 1, sizeof(Limit));
    if (!n->limits)
        goto nomem;
    for (Py_ssize_t i = 0; i < n->n_limits; i++) {
        PyObject *field, *keywords;
        if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(seq, i), "UO;a limit is (attr, keywords)", &field, &keywords))
            goto done;
        if ((n->limits[i].field = offset_of(n->cls, field)) < 0)
            goto done;
        Py_INCREF(keywords);
        n->limits[i].keywords = keywords;
    }
    Py_CLEAR(seq);

    if (!(seq = items_of(data, "data: a sequence")))
        goto done;
    n->n_data = PySequence_Fast_GET_SIZE(seq);
    n->data = PyMem_Calloc(n->n_data ? n->n_data : 1, sizeof(Py_ssize_t));
    if (!n->data)
        goto nomem;
    for (Py_ssize_t i = 0; i < n->n_data; i++)
        if ((n->data[i] = offset_of(n->cls, PySequence_Fast_GET_ITEM(seq, i))) < 0)
            goto done;
    Py_CLEAR(seq);

    if (!(seq = items_of(steps, "steps: a sequence")))
        goto done;
    n->n_steps = PySequence_Fast_GET_SIZE(seq);
    n->steps = PyMem_Calloc(n->n_steps ? n->n_steps : 1, sizeof(Step));
    if (!n->steps)
        goto nomem;
    for (Py_ssize_t i = 0; i < n->n_steps; i++) {
        PyObject *field;
        int kind;
        Py_ssize_t target;
        if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(seq, i), "Uin;a step is (attr, kind, target)", &field, &kind, &target))
            goto done;
        if (kind < STEP_ONE || kind > STEP_MAP || target < 0 || target >= n_nodes) {
            PyErr_SetString(PyExc_ValueError, "a step's kind is 0, 1 or 2 and its target a node");
            goto done;
        }
        if ((n->steps[i].field = offset_of(n->cls, field)) < 0)
            goto done;
        n->steps[i].kind = kind;
        n->steps[i].target = target;
    }
    Py_CLEAR(seq);

    if (enums == NULL) {
        n->enums = PyMem_Calloc(1, sizeof(Enum));
        if (!n->enums)
            goto nomem;
    } else {
        if (!(seq = items_of(enums, "enums: a sequence")))
            goto done;
        n->n_enums = PySequence_Fast_GET_SIZE(seq);
        n->enums = PyMem_Calloc(n->n_enums ? n->n_enums : 1, sizeof(Enum));
        if (!n->enums)
            goto nomem;
        for (Py_ssize_t i = 0; i < n->n_enums; i++) {
            PyObject *field, *spelled;
            int kind;
            if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(seq, i), "UiO!;an enum is (attr, kind, frozenset)", &field, &kind,
                                  &PyFrozenSet_Type, &spelled))
                goto done;
            if (kind < STEP_ONE || kind > STEP_MAP) {
                PyErr_SetString(PyExc_ValueError, "an enum's kind is 0, 1 or 2");
                goto done;
            }
            if ((n->enums[i].field = offset_of(n->cls, field)) < 0)
                goto done;
            n->enums[i].kind = kind;
            Py_INCREF(spelled);
            n->enums[i].spelled = spelled;
        }
    }
    result = 0;
    goto done;
nomem:
    PyErr_NoMemory();
done:
    Py_XDECREF(seq);
    Py_XDECREF(inner);
    return result;
}

static PyObject *plan_new(PyTypeObject *type, PyObject *args, PyObject *kwds) {
    static char *names[] = {"nodes", "unset", "check_keywords", "max_depth", NULL};
    PyObject *nodes, *unset, *check_keywords;
    Py_ssize_t max_depth;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "OOOn:Plan", names, &nodes, &unset, &check_keywords, &max_depth))
        return NULL;
    if (!PyCallable_Check(check_keywords)) {
        PyErr_SetString(PyExc_TypeError, "check_keywords must be callable");
        return NULL;
    }
    PyObject *seq = PySequence_Fast(nodes, "nodes: a sequence");
    if (seq == NULL)
        return NULL;
    PlanObject *self = (PlanObject *)type->tp_alloc(type, 0);
    if (self == NULL) {
        Py_DECREF(seq);
        return NULL;
    }
    Py_INCREF(unset);
    self->unset = unset;
    Py_INCREF(check_keywords);
    self->check_keywords = check_keywords;
    self->max_depth = max_depth;
    Py_ssize_t count = PySequence_Fast_GET_SIZE(seq);
    self->nodes = PyMem_Calloc(count ? count : 1, sizeof(Node));
    if (self->nodes == NULL) {
        Py_DECREF(seq);
        Py_DECREF(self);
        return PyErr_NoMemory();
    }
    self->n_nodes = count;
    for (Py_ssize_t i = 0; i < count; i++) {
        if (read_node(&self->nodes[i], PySequence_Fast_GET_ITEM(seq, i), count) < 0) {
            Py_DECREF(seq);
            Py_DECREF(self);
            return NULL;
        }
    }
    Py_DECREF(seq);
    return (PyObject *)self;
}

static PyTypeObject QuickType;

static PyObject *plan_quick(PlanObject *self, PyObject *args) {
    Py_ssize_t root;
    PyObject *fallback = Py_None;
    if (!PyArg_ParseTuple(args, "n|O:quick", &root, &fallback))
        return NULL;
    if (root < 0 || root >= self->n_nodes) {
        PyErr_SetString(PyExc_IndexError, "no such node");
        return NULL;
    }
    if (fallback != Py_None && !PyCallable_Check(fallback)) {
        PyErr_SetString(PyExc_TypeError, "fallback must be callable or None");
        return NULL;
    }
    return PyObject_CallFunction((PyObject *)&QuickType, "OnO", self, root, fallback);
}

static PyMethodDef plan_methods[] = {
    {"quick", (PyCFunction)plan_quick, METH_VARARGS,
     "quick(root, fallback=None): the check of messages of node `root`, asking `fallback` when not sure."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject PlanType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "gemini_wire.codec._quick_c.Plan",
    .tp_basicsize = sizeof(PlanObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Plan(nodes, unset, check_keywords, max_depth): the quick check's table of one dialect and direction.",
    .tp_new = plan_new,
    .tp_dealloc = (destructor)plan_dealloc,
    .tp_methods = plan_methods,
};

/* --------------------------------------------------------------------------- a root's check */

static PyObject *quick_vectorcall(PyObject *callable, PyObject *const *args, size_t nargsf, PyObject *kwnames) {
    QuickObject *self = (QuickObject *)callable;
    if (PyVectorcall_NARGS(nargsf) != 1 || (kwnames != NULL && PyTuple_GET_SIZE(kwnames) != 0)) {
        PyErr_SetString(PyExc_TypeError, "a quick check takes one message");
        return NULL;
    }
    int verdict = walk(self->plan, self->root, args[0], 0);
    if (verdict < 0)
        return NULL;
    if (verdict == 1)
        Py_RETURN_TRUE;
    if (self->fallback == NULL)
        Py_RETURN_FALSE;
    return PyObject_CallOneArg(self->fallback, args[0]);
}

static PyObject *quick_verdict(QuickObject *self, PyObject *obj) {
    int verdict = walk(self->plan, self->root, obj, 0);
    if (verdict < 0)
        return NULL;
    return PyBool_FromLong(verdict);
}

static PyObject *quick_new(PyTypeObject *type, PyObject *args, PyObject *kwds) {
    PyObject *plan, *fallback;
    Py_ssize_t root;
    if (!PyArg_ParseTuple(args, "O!nO:Quick", &PlanType, &plan, &root, &fallback))
        return NULL;
    if (root < 0 || root >= ((PlanObject *)plan)->n_nodes) {
        PyErr_SetString(PyExc_IndexError, "no such node");
        return NULL;
    }
    QuickObject *self = (QuickObject *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    Py_INCREF(plan);
    self->plan = (PlanObject *)plan;
    self->root = root;
    if (fallback != Py_None) {
        Py_INCREF(fallback);
        self->fallback = fallback;
    }
    self->vectorcall = quick_vectorcall;
    return (PyObject *)self;
}

static void quick_dealloc(QuickObject *self) {
    Py_XDECREF(self->plan);
    Py_XDECREF(self->fallback);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *quick_get_fallback(QuickObject *self, void *closure) {
    (void)closure;
    if (self->fallback == NULL)
        Py_RETURN_NONE;
    Py_INCREF(self->fallback);
    return self->fallback;
}

static PyMethodDef quick_methods[] = {
    {"verdict", (PyCFunction)quick_verdict, METH_O,
     "verdict(obj): the C check alone: True for nothing to report, False for not sure."},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef quick_getset[] = {
    {"fallback", (getter)quick_get_fallback, NULL, "the Python check asked when C is not sure", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyTypeObject QuickType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "gemini_wire.codec._quick_c.Quick",
    .tp_basicsize = sizeof(QuickObject),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_VECTORCALL,
    .tp_doc = "Quick(plan, root, fallback): whether a message has nothing to report (the quick check).",
    .tp_new = quick_new,
    .tp_dealloc = (destructor)quick_dealloc,
    .tp_call = PyVectorcall_Call,
    .tp_vectorcall_offset = offsetof(QuickObject, vectorcall),
    .tp_methods = quick_methods,
    .tp_getset = quick_getset,
};

/* --------------------------------------------------------------------------- the module */

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "gemini_wire.codec._quick_c",
    .m_doc = "The quick check in C, driven by a table built from codec/checks.py's plan (codec/speedups.py).",
    .m_size = -1,
};

PyMODINIT_FUNC PyInit__quick_c(void) {
    if (PyType_Ready(&PlanType) < 0 || PyType_Ready(&QuickType) < 0)
        return NULL;
    if (WIRE_BASE == NULL && (WIRE_BASE = PyUnicode_InternFromString("__wire_base__")) == NULL)
        return NULL;
    if (WIRE_PLAIN == NULL && (WIRE_PLAIN = PyUnicode_InternFromString("__wire_plain__")) == NULL)
        return NULL;
    PyObject *m = PyModule_Create(&module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&PlanType);
    if (PyModule_AddObject(m, "Plan", (PyObject *)&PlanType) < 0) {
        Py_DECREF(&PlanType);
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(&QuickType);
    if (PyModule_AddObject(m, "Quick", (PyObject *)&QuickType) < 0) {
        Py_DECREF(&QuickType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
