from django.shortcuts import render


def verification_search(request):
    """Public search by certificate number and name (filled by the certificates work)."""
    return render(request, "decisions/verification_search.html", {"query": request.GET.get("nomor", "")})
