"""Backends behind one protocol (base.Backend): openai_videos (any OpenAI-compatible endpoint) and animatic."""
