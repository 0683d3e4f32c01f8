"""The actor layer: who is named in a sentence, as PLOVER actor codes and sectors.

``ActorResolver`` (``resolver.py``) matches the dictionaries in ``data/`` (countries, IGOs,
persons with their terms of office, armed groups and organisations, agent words, places)
and PETRARCH/TABARI dictionaries (``petrarch.py``), and reads noun phrases with the coding
rules in ``compose.py``; ``ActorStage`` (``stage.py``) runs it in the pipeline.
"""

from tocsin.actors.resolver import ActorResolver

__all__ = ["ActorResolver"]
