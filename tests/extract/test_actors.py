"""Actors with role, type, side and backing."""

import pytest

from warledger.extract.actors import find_actors


def actor(sentence: str, name: str):
    found = {a.name: a for a in find_actors(sentence)}
    assert name in found, (sentence, list(found))
    return found[name]


@pytest.mark.parametrize(
    ("sentence", "name", "role", "type_", "side", "backed_by"),
    [
        ("Villages were shelled in attacks by Armenian-backed militias.", "Armenian-backed militias", "perpetrator",
         "militia", None, "Armenia"),
        ("Pro-Russian separatists fired rockets at the town.", "Pro-Russian separatists", "perpetrator", "rebels",
         "Russia", None),
        ("Azerbaijani forces shelled the positions overnight.", "Azerbaijani forces", "perpetrator", "state_forces",
         "Azerbaijan", None),
        ("Iran-backed militias attacked the base with drones.", "Iran-backed militias", "perpetrator", "militia",
         None, "Iran"),
        ("The convoy was ambushed by Taliban militants near the pass.", "Taliban militants", "perpetrator", "rebels",
         None, None),
        ("Gunmen opened fire on Nigerian soldiers at a checkpoint.", "Nigerian soldiers", "target", "state_forces",
         "Nigeria", None),
        ("Talks mediated by French envoys resumed in Geneva.", "French envoys", "mediator", "international",
         "France", None),
        ("Ukrainian troops and Russian forces exchanged fire along the river.", "Ukrainian troops", "party",
         "state_forces", "Ukraine", None),
        ("Sudanese police dispersed the crowd with tear gas.", "Sudanese police", "party", "police", "Sudan", None),
        ("The Ethiopian government announced a ceasefire.", "Ethiopian government", "party", "government",
         "Ethiopia", None),
    ],
)
def test_actor_roles_types_sides(sentence, name, role, type_, side, backed_by) -> None:
    a = actor(sentence, name)
    assert (a.role, a.type, a.side, a.backed_by) == (role, type_, side, backed_by)


def test_numbers_are_not_part_of_actor_names() -> None:
    names = [a.name for a in find_actors("Four civilians were killed by Syrian government forces.")]
    assert "Four civilians" not in names
    assert "Syrian government forces" in names
