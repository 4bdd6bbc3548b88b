"""The state-machine kit: moves, named guards that read the store, refusals with human
reasons, firing on one shared ``transitions`` machine per definition, history and a
Mermaid diagram. The household lifecycle, import batches (and, as they come, pathway
tiers and claims) each declare their moves on it.

- ``definition`` (pure): ``Move``, ``Guard``, ``Request``, ``Definition``;
- ``engine``: ``StateMachine`` (the one shared machine of a definition) and ``fire``;
- ``errors``: ``TransitionRefused``, ``SubjectsChanged``;
- ``diagram``: Mermaid ``stateDiagram-v2`` drawn from the running machine;
- history tables share their columns (``workflow.db.models.history.TransitionColumns``).
"""
