"""Who did what to whom: actor mentions, coalition members, and actor1/actor2 roles.

Roles come from Arabic word order and from cue words kept in the lexicon
``actor_role_cues.tsv``, strongest evidence first:

1. explicit cues next to a mention: "على مواقع X" (X is hit), "بقصف لـX", "على يد X",
   "هجوم شنته X", "X تبنت" (X did it), "مقتل 3 من عناصر X" (X is hit);
2. the verb that opens a clause: its subject (the actor right after it) is the doer, the
   next actor its object — unless the verb reads as passive ("قتل 3 جنود من X");
3. the event type's usual initiator (an air strike's air force, a bombing's armed group).

Before that, mentions are rewritten: "مسلحون من X" and "جهاز الأمن التابع لـX" become X,
"الخاضعة لسيطرة X" drops X (it holds the place, it does not act), a nationality after a
generic force or a weapon ("القوات الإثيوبية", "غارات تركية", "لاجئين سوريين") names that
nation's force or civilians, and a definite head noun ("التنظيم", "المهاجمين") points back
to the group named earlier in the article.

The steps, in the order they run:

- ``mentions``: actor names in the report, and loaded words (framing);
- ``cues``: a sentence's cue words and the role they give a name;
- ``candidates``: the candidate actors of a sentence (names rewritten, nationalities,
  labels, back-references); ``sentences`` runs cues, candidates and roles per sentence;
- ``evidence``: accusations, back-references, headlines, civilian sites hit;
- ``resolve``: which actor a mention or a template means in the event's country and year;
- ``assignment``: gathering an event's candidates; ``sides``: actor1 and actor2.

Words and letters the code compares text with are in ``knowledge/data/wordlists/actor_roles.yaml``.
"""

from marsad.extract.actors.assignment import assign
from marsad.extract.actors.mentions import framing_in, mentions
from marsad.extract.actors.records import ActorMention

__all__ = ["ActorMention", "assign", "framing_in", "mentions"]
