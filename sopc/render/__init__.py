"""Rendering SOPs: the swimlane flowchart as DOT, SVG/PNG through Graphviz, and Mermaid."""
