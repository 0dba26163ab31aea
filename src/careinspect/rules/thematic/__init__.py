"""The RAA thematic programme as pure Python (no Django): candidates, selection and the plan.

Rules: THM-2 and THM-3 (`selection`), THM-4 with NTC-2, INF-1 and KND-2 (`plan`). The policy choices the
guidance leaves open (bands, weights, the shortest usable week) live in `data/thematic_selection.toml`.
"""
