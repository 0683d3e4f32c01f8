"""Trained components shipped with tocsin: each folder holds weights and a model card
(README.md). ``make train`` rebuilds them from ``../shared`` data and the team's labels."""
