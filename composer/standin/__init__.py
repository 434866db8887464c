"""Local stand-in of the OpenAI Videos API (optional extra ``standin``: Starlette, uvicorn, python-multipart)."""
