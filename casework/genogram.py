"""The genogram of an expedient as it was on a date (domain.md §3.3.3, §8.3).

Drawn from the kinship rows of the linked persons (directory.Kinship, with
their dates), the expedient's genogram-only relatives and its linked persons,
who are the household (the cohabitation unit, domain.md §3.2) from the day
they were linked. Standard symbols: a square for a man, a circle for a woman, a
diamond when the sex is not recorded; a cross over the deceased; the main
person double-lined; a dashed line around those who live together; a line
between partners (cut by two strokes once they separated) from which their
children hang, one generation a row.

The layout is networkx's: the generations are the longest-path layering of the
parent → child graph (partners and siblings kept in one row), the order in a
row a few barycentre sweeps so that children sit under their parents, and the
coordinates `multipartite_layout`'s, one row per generation.
"""

import io
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date

import networkx as nx
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from fpdf import FPDF

from directory.enums import KinshipKind, PersonStatus
from directory.models import Kinship

from .models import GenogramRelative, LinkedPerson
from .plan_pdf import _latin1

SIZE = 40  # a symbol's side
COLUMN = 150  # between two symbols of a row
ROW = 140  # between two generations
MARGIN = 60
LABEL_CHARS = 22
MAX_MM_PER_PX = 0.4  # in the PDF


@dataclass
class Member:
    key: str
    label: str
    sex: str = ""
    deceased: bool = False
    is_main: bool = False
    born: int | None = None
    died: int | None = None
    genogram_only: bool = False
    x: float = 0.0
    y: float = 0.0
    generation: int = 0


@dataclass
class Genogram:
    on: date
    members: dict[str, Member] = field(default_factory=dict)
    partners: list[tuple[str, str, bool]] = field(default_factory=list)  # ended?
    parents: set[tuple[str, str]] = field(default_factory=set)  # parent, child
    siblings: set[frozenset] = field(default_factory=set)
    others: set[frozenset] = field(default_factory=set)
    household: list[str] = field(default_factory=list)
    width: float = 0.0
    height: float = 0.0

    def relate(self, kind: str, a: str, b: str, *, ended: bool = False) -> None:
        """`a` is the `kind` of `b`."""
        if a == b or a not in self.members or b not in self.members:
            return
        if kind == KinshipKind.PARENT:
            self.parents.add((a, b))
        elif kind == KinshipKind.CHILD:
            self.parents.add((b, a))
        elif kind == KinshipKind.PARTNER:
            pair = tuple(sorted((a, b)))
            if not any(p[:2] == pair for p in self.partners):
                self.partners.append((*pair, ended))
        elif kind == KinshipKind.SIBLING:
            self.siblings.add(frozenset((a, b)))
        else:
            self.others.add(frozenset((a, b)))


def _current(row, on: date) -> bool | None:
    """True while the row holds on `on`, False once it ended, None before it began."""
    if row.starts_on and row.starts_on > on:
        return None
    return not (row.ends_on and row.ends_on < on)


def _person_member(person, on: date, *, is_main=False) -> Member | None:
    if person.birth_date and person.birth_date > on:
        return None  # not born yet
    died = person.status == PersonStatus.DECEASED and (
        person.death_date is None or person.death_date <= on
    )
    return Member(
        key=f"p{person.pk}",
        label=str(person),
        sex=person.sex,
        deceased=died,
        is_main=is_main,
        born=person.birth_date.year if person.birth_date else None,
        died=person.death_date.year if died and person.death_date else None,
    )


HOPS = 2  # kinship steps drawn from the household: grandparents, in-laws' parents


def _kinships_on(seeds: set[int], on: date, hops: int = HOPS) -> list:
    """The kinship rows that hold on `on` (a partnership also once it ended,
    drawn as separated) within `hops` steps of the `seeds`' records."""
    found, reached, frontier = {}, set(seeds), set(seeds)
    for _hop in range(hops):
        if not frontier:
            break
        rows = (
            Kinship.objects.filter(Q(person__in=frontier) | Q(relative__in=frontier))
            .filter(
                person__merged_into__isnull=True, relative__merged_into__isnull=True
            )
            .filter(Q(starts_on__isnull=True) | Q(starts_on__lte=on))
            .filter(
                Q(ends_on__isnull=True)
                | Q(ends_on__gte=on)
                | Q(kind=KinshipKind.PARTNER)
            )
            .select_related("person", "relative")
        )
        frontier = set()
        for row in rows:
            found[row.pk] = row
            frontier |= {row.person_id, row.relative_id} - reached
        reached |= frontier
    return [found[pk] for pk in sorted(found)]


def genogram_of(expedient, *, on: date) -> Genogram:
    """The expedient's family as it was on `on`, laid out: the main person, the
    persons linked by then and their relatives (kinship rows holding then, two
    steps away at most), and the genogram-only relatives."""
    drawing = Genogram(on=on)
    links = list(
        LinkedPerson.objects.filter(expedient=expedient).select_related("person")
    )
    seeds = _add_household(drawing, links)
    _add_kin(drawing, _kinships_on(seeds, on), links)
    for relative in GenogramRelative.objects.filter(expedient=expedient):
        _add_genogram_only(drawing, relative)
    _lay_out(drawing)
    return drawing


def _add_household(drawing: Genogram, links) -> set[int]:
    """The main person and those linked by the date (the household, unless
    dead by then); their record ids."""
    on, seeds = drawing.on, set()
    for link in links:
        linked = link.linked_at.date() <= on
        member = (
            _person_member(link.person, on, is_main=link.is_main)
            if link.is_main or linked
            else None
        )
        if member is None:
            continue
        seeds.add(link.person_id)
        drawing.members[member.key] = member
        if linked and not member.deceased:
            drawing.household.append(member.key)
    return seeds


def _add_kin(drawing: Genogram, kinships, links) -> None:
    main = {link.person_id for link in links if link.is_main}
    for row in kinships:
        for person in (row.person, row.relative):
            key = f"p{person.pk}"
            if key in drawing.members:
                continue
            member = _person_member(person, drawing.on, is_main=person.pk in main)
            if member is not None:
                drawing.members[key] = member
    for row in kinships:
        ended = bool(row.ends_on and row.ends_on < drawing.on)
        drawing.relate(
            row.kind, f"p{row.person_id}", f"p{row.relative_id}", ended=ended
        )


def _add_genogram_only(drawing: Genogram, relative: GenogramRelative) -> None:
    on = drawing.on
    state = _current(relative, on)
    if (
        f"p{relative.person_id}" not in drawing.members  # not drawn on that date
        or state is None
        or (relative.birth_year and relative.birth_year > on.year)
        or (state is False and relative.kind != KinshipKind.PARTNER)
    ):
        return
    died = relative.is_deceased and (
        relative.death_year is None or relative.death_year <= on.year
    )
    key = f"g{relative.pk}"
    drawing.members[key] = Member(
        key=key,
        label=relative.label,
        sex=relative.sex,
        deceased=died,
        born=relative.birth_year,
        died=relative.death_year if died else None,
        genogram_only=True,
    )
    drawing.relate(relative.kind, key, f"p{relative.person_id}", ended=not state)


# --- layout -------------------------------------------------------------------------


def _generations(drawing: Genogram) -> dict[str, int]:
    """Partners and siblings share a row; a child is a row below its parents."""
    rows = nx.Graph()
    rows.add_nodes_from(drawing.members)
    rows.add_edges_from((a, b) for a, b, _ended in drawing.partners)
    rows.add_edges_from(tuple(pair) for pair in drawing.siblings)
    group_of = {}
    for n, component in enumerate(nx.connected_components(rows)):
        for key in component:
            group_of[key] = n
    descent = nx.DiGraph()
    descent.add_nodes_from(set(group_of.values()))
    for parent, child in sorted(drawing.parents):
        a, b = group_of[parent], group_of[child]
        # Inconsistent records (a cycle) lose the edge that closes it.
        if a != b and not nx.has_path(descent, b, a):
            descent.add_edge(a, b)
    level = {}
    for group in nx.topological_sort(descent):
        level[group] = max(
            (level[p] + 1 for p in descent.predecessors(group)), default=0
        )
    # Those with no parents drawn sit just above their highest child.
    for group in reversed(list(nx.topological_sort(descent))):
        children = list(descent.successors(group))
        if children and not any(True for _p in descent.predecessors(group)):
            level[group] = min(level[c] for c in children) - 1
    lowest = min(level.values(), default=0)
    return {key: level[group] - lowest for key, group in group_of.items()}


def _neighbours(pairs) -> dict[str, list[str]]:
    found = {}
    for a, b in pairs:
        found.setdefault(a, []).append(b)
    return found


def _sweep(row, neighbours, placed, partner_of) -> list[str]:
    """`row` ordered by the mean position of each one's (and their partners')
    neighbours in the row already placed, partners kept side by side."""

    def centre(key):
        found = [
            placed[k]
            for someone in (key, *partner_of.get(key, ()))
            for k in neighbours.get(someone, ())
            if k in placed
        ]
        return sum(found) / len(found) if found else row.index(key)

    result = []
    for key in sorted(row, key=centre):
        if key not in result:
            result.append(key)
            result += [
                p for p in partner_of.get(key, ()) if p in row and p not in result
            ]
    return result


def _order_rows(drawing: Genogram, generation: dict[str, int]) -> list[list[str]]:
    """Each row's order: couples side by side, a few sweeps placing everyone
    under their parents' (or above their children's) mean position."""
    count = max(generation.values(), default=-1) + 1
    rows = [
        sorted((k for k, g in generation.items() if g == n), key=_birth_order(drawing))
        for n in range(count)
    ]
    parents_of = _neighbours((child, parent) for parent, child in drawing.parents)
    children_of = _neighbours(drawing.parents)
    partners = [(a, b) for a, b, _ended in drawing.partners]
    partner_of = _neighbours([*partners, *((b, a) for a, b in partners)])
    for _round in range(3):
        for n in range(1, count):
            placed = {k: i for i, k in enumerate(rows[n - 1])}
            rows[n] = _sweep(rows[n], parents_of, placed, partner_of)
        for n in range(count - 2, -1, -1):
            placed = {k: i for i, k in enumerate(rows[n + 1])}
            rows[n] = _sweep(rows[n], children_of, placed, partner_of)
    return rows


def _birth_order(drawing: Genogram):
    return lambda key: (drawing.members[key].born or 9999, key)


def _lay_out(drawing: Genogram) -> None:
    if not drawing.members:
        drawing.width, drawing.height = 2 * MARGIN, 2 * MARGIN
        return
    generation = _generations(drawing)
    rows = _order_rows(drawing, generation)
    graph = nx.Graph()
    graph.add_nodes_from(drawing.members)
    widest = max(len(row) for row in rows)
    # One unit between neighbours of a row and between rows, every row centred,
    # each row in the order given.
    position = nx.multipartite_layout(
        graph, subset_key=dict(enumerate(rows)), align="horizontal", scale=1
    )
    xs = [float(p[0]) for p in position.values()]
    ys = [float(p[1]) for p in position.values()]
    x_unit = (max(xs) - min(xs)) / (widest - 1) if widest > 1 else 1.0
    y_unit = (max(ys) - min(ys)) / (len(rows) - 1) if len(rows) > 1 else 1.0
    for key, (x, y) in position.items():
        member = drawing.members[key]
        member.generation = generation[key]
        member.x = MARGIN + (float(x) - min(xs)) / x_unit * COLUMN
        member.y = MARGIN + (float(y) - min(ys)) / y_unit * ROW
    drawing.width = 2 * MARGIN + (widest - 1) * COLUMN
    drawing.height = 2 * MARGIN + (len(rows) - 1) * ROW + 30


# --- SVG ----------------------------------------------------------------------------

LINE = {"stroke": "#1f2937", "stroke-width": "2", "fill": "none"}


def _sub(parent, tag, **attrs):
    return ET.SubElement(
        parent, tag, {k.replace("_", "-"): str(v) for k, v in attrs.items()}
    )


def _shape(group, member: Member) -> None:
    """The sex's symbol (twice, one inside the other, for the main person)."""
    x, y = member.x, member.y
    style = {"stroke": "#1f2937", "stroke_width": 2, "fill": "#ffffff"}
    for inset in (0, 5) if member.is_main else (0,):
        h = SIZE / 2 - inset
        if member.sex == "H":
            _sub(group, "rect", x=x - h, y=y - h, width=2 * h, height=2 * h, **style)
        elif member.sex == "D":
            _sub(group, "circle", cx=x, cy=y, r=h, **style)
        else:
            points = f"{x},{y - h} {x + h},{y} {x},{y + h} {x - h},{y}"
            _sub(group, "polygon", points=points, **style)
        style["fill"] = "none"


def _cross(group, member: Member) -> None:
    half = SIZE / 2
    x, y = member.x, member.y
    for b in (-1, 1):
        _sub(
            group,
            "line",
            x1=x - half,
            y1=y + b * half,
            x2=x + half,
            y2=y - b * half,
            stroke="#1f2937",
            stroke_width=2,
        )


def _symbol(svg, member: Member) -> None:
    half = SIZE / 2
    x, y = member.x, member.y
    classes = ["member", f"sex-{member.sex or 'unknown'}"]
    classes += ["main"] if member.is_main else []
    classes += ["deceased"] if member.deceased else []
    group = _sub(svg, "g", **{"class": " ".join(classes)})
    group.set("data-key", member.key)
    _shape(group, member)
    if member.deceased:
        _cross(group, member)
    label = member.label
    if len(label) > LABEL_CHARS:
        label = label[: LABEL_CHARS - 3] + "..."
    years = ""
    if member.born or member.died:
        years = f"{member.born or '?'}" + (f" - {member.died}" if member.died else "")
    if member.genogram_only:
        years = f"{years} *" if years else "*"
    _caption(group, x, y + half + 16, label, size=12, colour="#111827")
    if years:
        _caption(group, x, y + half + 31, years, size=11, colour="#4b5563")


def _caption(group, x: float, y: float, words: str, *, size: int, colour: str):
    """A centred line of text on a white ground, so that no line crosses it."""
    width = len(words) * size * 0.56 + 6
    _sub(
        group,
        "rect",
        x=f"{x - width / 2:.1f}",
        y=y - size,
        width=f"{width:.1f}",
        height=size + 4,
        fill="#ffffff",
        **{"class": "caption"},
    )
    text = _sub(
        group,
        "text",
        x=x,
        y=y,
        text_anchor="middle",
        font_family="Helvetica, Arial, sans-serif",
        font_size=size,
        fill=colour,
    )
    text.text = words


def _household_boxes(drawing: Genogram) -> list[tuple[float, float, float, float]]:
    """Boxes (x, y, width, height) whose union surrounds those who live
    together: one for each run of neighbours in a row, and a band joining the
    runs of two consecutive rows."""
    pad, below = SIZE / 2 + 12, SIZE / 2 + 40  # the label is under the symbol
    rows = {}
    for key in drawing.household:
        member = drawing.members[key]
        rows.setdefault(member.y, []).append(member.x)
    runs = []  # (y, left x, right x)
    for y, xs in sorted(rows.items()):
        xs.sort()
        start = xs[0]
        for before, after in zip(xs, [*xs[1:], None], strict=True):
            if after is None or after - before > COLUMN * 1.5:
                runs.append((y, start, before))
                start = after
    boxes = [(a - pad, y - pad, b - a + 2 * pad, pad + below) for y, a, b in runs]
    for (y1, a1, b1), (y2, a2, b2) in zip(runs, runs[1:], strict=False):
        if y2 == y1:
            continue
        # Where the two runs overlap, else between their nearest ends.
        left, right = max(a1, a2), min(b1, b2)
        if left > right:
            left = right = (left + right) / 2
        boxes.append((left - pad / 2, y1, right - left + pad, y2 - y1))
    return boxes


def _household(svg, drawing: Genogram) -> None:
    """A dashed line around the union of the boxes: each box stroked, then all
    of them filled over the strokes inside."""
    boxes = _household_boxes(drawing)
    if not boxes:
        return
    group = _sub(svg, "g", **{"class": "household"})
    for fill, stroke in (("none", "#2563eb"), ("#eff6ff", "none")):
        for x, y, w, h in boxes:
            _sub(
                group,
                "rect",
                x=f"{x:.1f}",
                y=f"{y:.1f}",
                width=f"{w:.1f}",
                height=f"{h:.1f}",
                rx=10,
                fill=fill,
                stroke=stroke,
                stroke_width=4,
                stroke_dasharray="10 6",
            )


def _partner_lines(svg, drawing: Genogram) -> dict:
    """Partners joined below their symbols (two strokes once separated); the
    middle of each couple's line, where their children hang from."""
    members, half = drawing.members, SIZE / 2
    couple_mid = {}
    for a, b, ended in drawing.partners:
        left, right = sorted((members[a], members[b]), key=lambda m: m.x)
        # Edge to edge at mid-height: the names under the symbols stay clear.
        y = max(left.y, right.y)
        path = f"M{left.x + half},{left.y} V{y} H{right.x - half} V{right.y}"
        _sub(svg, "path", d=path, **{"class": "partners"}, **_attrs(LINE))
        mid = (left.x + right.x) / 2
        couple_mid[frozenset((a, b))] = (mid, y)
        for dx in (-4, 4) if ended else ():
            _sub(
                svg,
                "line",
                x1=mid + dx - 5,
                y1=y + 7,
                x2=mid + dx + 5,
                y2=y - 7,
                stroke="#1f2937",
                stroke_width=2,
                **{"class": "separated"},
            )
    return couple_mid


def _lines(svg, drawing: Genogram) -> None:
    members = drawing.members
    half = SIZE / 2
    couple_mid = _partner_lines(svg, drawing)
    by_parents = {}
    for parent, child in drawing.parents:
        by_parents.setdefault(child, set()).add(parent)
    families = {}
    for child, parents in by_parents.items():
        families.setdefault(frozenset(parents), []).append(child)
    for parents, children in families.items():
        origins = (
            [couple_mid[parents]]
            if parents in couple_mid
            else [(members[p].x, members[p].y + half) for p in parents]
        )
        for origin in origins:
            _family_line(svg, members, origin, children)
    drawn = set(by_parents)
    for pair in drawing.siblings:
        a, b = (members[k] for k in sorted(pair))
        if a.key in drawn and b.key in drawn:
            continue
        y = min(a.y, b.y) - half - 14
        path = f"M{a.x},{a.y - half} V{y} H{b.x} V{b.y - half}"
        _sub(svg, "path", d=path, **{"class": "siblings"}, **_attrs(LINE))
    for pair in drawing.others:
        a, b = (members[k] for k in sorted(pair))
        _sub(
            svg,
            "line",
            x1=a.x,
            y1=a.y,
            x2=b.x,
            y2=b.y,
            stroke="#6b7280",
            stroke_width=1.5,
            stroke_dasharray="2 4",
            **{"class": "other"},
        )


def _family_line(svg, members, origin, children) -> None:
    half = SIZE / 2
    kids = [members[c] for c in children]
    bar = min(k.y for k in kids) - half - 22
    xs = [k.x for k in kids] + [origin[0]]
    path = f"M{origin[0]},{origin[1]} V{bar} M{min(xs)},{bar} H{max(xs)}"
    path += "".join(f" M{k.x},{bar} V{k.y - half}" for k in kids)
    _sub(svg, "path", d=path, **{"class": "children"}, **_attrs(LINE))


def _attrs(style: dict) -> dict:
    return {k.replace("-", "_"): v for k, v in style.items()}


def _canvas(drawing: Genogram, note: str) -> tuple[float, float]:
    """The SVG's size: the drawing, the note under it wide enough."""
    return max(drawing.width, len(note) * 6.2 + 20), drawing.height + 30


def genogram_svg(drawing: Genogram, *, title: str = "", latin1: bool = False) -> str:
    """The genogram as a standalone SVG document."""
    note = _("* genogram-only relative · dashed line: living together")
    width, height = _canvas(drawing, note)
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "width": f"{width:.0f}",
            "height": f"{height:.0f}",
            "viewBox": f"0 0 {width:.0f} {height:.0f}",
            "role": "img",
        },
    )
    heading = title or _("Genogram on %(date)s") % {
        "date": date_format(drawing.on, "SHORT_DATE_FORMAT")
    }
    ET.SubElement(svg, "title").text = heading
    _sub(
        svg,
        "rect",
        x=0,
        y=0,
        width=f"{width:.0f}",
        height=f"{height:.0f}",
        fill="#ffffff",
    )
    _household(svg, drawing)
    _lines(svg, drawing)
    for member in drawing.members.values():
        _symbol(svg, member)
    caption = _sub(
        svg,
        "text",
        x=10,
        y=height - 10,
        font_family="Helvetica, Arial, sans-serif",
        font_size=11,
        fill="#4b5563",
    )
    caption.text = note
    if latin1:  # fpdf2 draws the text with its built-in (Latin-1) fonts
        for text in svg.iter("text"):
            text.text = _latin1(text.text or "")
    return ET.tostring(svg, encoding="unicode")


def genogram_pdf(drawing: Genogram, *, title: str, subtitle: str) -> bytes:
    """The genogram on one landscape A4 page, under a heading (fpdf2 draws the SVG)."""
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_margins(12, 12, 12)
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 8, _latin1(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(0, 6, _latin1(subtitle), new_x="LMARGIN", new_y="NEXT")
    draw_genogram(pdf, drawing, bottom_margin=12)
    return bytes(pdf.output())


def draw_genogram(pdf: FPDF, drawing: Genogram, *, bottom_margin: float) -> None:
    """Draw the genogram on `pdf`'s page, below what is written on it,
    centred and fitted into the room left (a small family no bigger than
    0.4 mm a pixel); the printed expedient draws it this way too."""
    svg = genogram_svg(drawing, latin1=True).encode()
    top = pdf.get_y() + 3
    room_w, room_h = pdf.epw, pdf.h - top - bottom_margin
    width, height = _canvas(
        drawing, _("* genogram-only relative · dashed line: living together")
    )
    ratio = min(room_w / width, room_h / height, MAX_MM_PER_PX)
    w, h = width * ratio, height * ratio
    pdf.image(io.BytesIO(svg), x=pdf.l_margin + (room_w - w) / 2, y=top, w=w, h=h)
    pdf.set_y(top + h + 3)
