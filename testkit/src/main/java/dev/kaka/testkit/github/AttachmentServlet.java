package dev.kaka.testkit.github;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * Serves attached files as GitHub does for a private repository: {@code
 * /user-attachments/assets/<id>} only to a caller with a valid token (anyone else gets 404), and
 * {@code /private-user-images/...?jwt=...} to anyone whose signature is still valid. Files are
 * served with the type their upload claimed, true or not.
 */
final class AttachmentServlet extends HttpServlet {

  private final transient UserAttachments attachments;
  private final transient Credentials credentials;

  AttachmentServlet(UserAttachments attachments, Credentials credentials) {
    this.attachments = attachments;
    this.credentials = credentials;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path = request.getRequestURI();
    String authorization = request.getHeader("Authorization");
    Optional<UserAttachments.Asset> asset =
        path.startsWith(UserAttachments.SIGNED_PATH)
            ? attachments.signed(request.getParameter("jwt"))
            : assetForSignedIn(path, authorization);
    int status = asset.isPresent() ? HttpServletResponse.SC_OK : HttpServletResponse.SC_NOT_FOUND;
    attachments.served(path, authorization != null, status);
    if (asset.isEmpty()) {
      response.sendError(status);
      return;
    }
    response.setContentType(asset.get().contentType());
    response.setContentLength(asset.get().content().length);
    response.getOutputStream().write(asset.get().content());
  }

  private Optional<UserAttachments.Asset> assetForSignedIn(String path, String authorization) {
    if (!path.startsWith(UserAttachments.ASSETS_PATH)
        || !(credentials.forApi(authorization) instanceof Caller)) {
      return Optional.empty();
    }
    return attachments.asset(path.substring(UserAttachments.ASSETS_PATH.length()));
  }
}
