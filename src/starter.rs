//! The files `tongbao init` writes besides the records: the settings with the site's identity to
//! fill, the 关于本站 page, the `.gitignore`, the publish workflow and the deploy recipe for hosts
//! in mainland China. Plain texts with the reporting date filled in; `scaffold` writes them.
//!
//! Not for records (units, posts…): those follow `schema` through `scaffold::new_item`.

use crate::util::date::Date;

/// Every file of a new site that is not a record: (site-relative path, text).
pub fn files(as_of: Date) -> Vec<(&'static str, String)> {
    vec![
        ("data/site.yaml", site_yaml(as_of)),
        ("content/pages/about.md", ABOUT.to_string()),
        (".gitignore", GITIGNORE.to_string()),
        (
            ".github/workflows/publish.yml",
            PUBLISH_WORKFLOW.to_string(),
        ),
        ("DEPLOY.md", DEPLOY.to_string()),
    ]
}

fn site_yaml(as_of: Date) -> String {
    format!(
        "# 站点设置
# 站点名称（必填）
title: 我的通报站点
# 一句话介绍，用于搜索引擎和分享
description: 通报“五型”机关建设进展。
# 发布地址（必填），以 / 结尾；tongbao build --base-url 可临时覆盖
base_url: https://example.org/
# 数据截至日期（必填）：进度和状态都按这一天计算；每次更新数据时改成新的日期
as_of: {as_of}
# 发布单位
publisher: 示例发布单位
# 网站语言（BCP 47），默认 zh-CN；个别报道或页面可在前言里写 lang: en
language: zh-CN
# 页脚的网站标识：按本单位的实际情况填写，不用的项删去。
identity:
  # 主办单位
  sponsor: 某市委宣传部
  # 承办单位
  undertaker: 某市融媒体中心
  # 联系方式：宣传部门的电话和邮箱
  phone: 0000-0000000
  email: xcb@example.org
  # ICP备案号（链接到工业和信息化部备案查询 https://beian.miit.gov.cn/）
  icp: 某ICP备00000000号
  # 公安备案号（链接到全国互联网安全管理服务平台 https://beian.mps.gov.cn/）
  police_record: 某公网安备00000000000000号
  # 网站标识码
  site_code: \"0000000000\"
  # 纠错/意见：表单地址（https://…）或邮箱（mailto:…）
  feedback_url: mailto:xcb@example.org
  # 以上是待填的示例：填好真实信息后改为 false，页脚就不再注明“示例”
  example: true
"
    )
}

const ABOUT: &str = "---
title: 关于本站
summary: 本站通报的内容、数据的来源和更新方式。
# 链接放在哪里：nav（主导航）、footer（页脚）或 none
menu: footer
# 同一位置的链接按 order 从小到大排列
order: 1
---

本站由（单位名称）主办，通报（工作名称）的进展：（写明通报哪些单位、项目和指标）。

## 数据从哪里来

每个数字都注明来源和日期。标注“示意数据”的数字是示例，不是官方数据。

## 更新

数据截至页脚所示日期，（写明更新的频率，例如每月初更新一次）。

## 联系我们

发现错误，请按页脚的“纠错/意见”告诉我们。
";

const GITIGNORE: &str = "# 构建生成的网站，每次由 tongbao build 重新生成，不要提交
public/
# 构建时的临时文件夹和锁
.public.tongbao-*
";

const PUBLISH_WORKFLOW: &str = r#"# 每次推送到 main 时检查数据；检查通过后构建网站，并把 public/ 作为构件保存。
# tongbao check --format github 会把每个问题标注在出错文件的那一行上。
# 部署：填好仓库的 Secrets（DEPLOY_HOST、DEPLOY_USER、DEPLOY_PATH、DEPLOY_KEY）后，
# 用 rsync 通过 SSH 上传到本单位的服务器；不填则只构建不部署（见 DEPLOY.md）。
name: publish

on:
  push:
    branches: [main]
  workflow_dispatch:

permissions:
  contents: read

concurrency:
  group: publish
  cancel-in-progress: false

env:
  # tongbao 的发布页（release.yml 构建的 Linux 二进制文件）；换成你们使用的地址和版本
  TONGBAO_URL: https://github.com/OWNER/tongbao/releases/latest/download/tongbao-x86_64-unknown-linux-gnu.tar.gz

jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Install tongbao
        run: |
          curl -fsSL "$TONGBAO_URL" | tar -xz
          ./tongbao --version
      - name: Check data, stories and links
        run: ./tongbao check --format github --deny-warnings
      - name: Build
        run: ./tongbao build
      - uses: actions/upload-artifact@v4
        with:
          name: site
          path: public
      - name: Deploy with rsync over SSH
        env:
          DEPLOY_HOST: ${{ secrets.DEPLOY_HOST }}
          DEPLOY_USER: ${{ secrets.DEPLOY_USER }}
          DEPLOY_PATH: ${{ secrets.DEPLOY_PATH }}
          DEPLOY_KEY: ${{ secrets.DEPLOY_KEY }}
        if: env.DEPLOY_HOST != ''
        run: |
          install -m 600 /dev/null key && printf '%s\n' "$DEPLOY_KEY" > key
          rsync -rlz --delete --checksum -e "ssh -i key -o StrictHostKeyChecking=accept-new" \
            public/ "$DEPLOY_USER@$DEPLOY_HOST:$DEPLOY_PATH/"
          rm -f key
"#;

const DEPLOY: &str = "# 发布网站

`tongbao build` 把整个网站写进 `public/`：只有静态文件（HTML、SVG、CSS、JSON、CSV），
不需要数据库，也不需要在服务器上运行程序。任何能放静态文件的主机都可以发布。

## 每次发布之前

    tongbao check            # 检查数据、报道和站内链接；有错误时不要发布
    tongbao build            # 生成 public/

`data/site.yaml` 里的 `base_url` 必须是网站的正式地址（例如 `https://www.example.gov.cn/tongbao/`），
规范链接、订阅源和站点地图都以它开头。

## 上传到本单位的服务器（rsync 或 scp）

    rsync -rlz --delete --checksum public/ 用户名@服务器:/var/www/tongbao/

`--delete` 会删掉服务器上已不存在于 public/ 的旧文件。没有 rsync 时可用 scp（不会删除旧文件）：

    scp -r public/* 用户名@服务器:/var/www/tongbao/

Web 服务器（Nginx 等）把网站目录指向 `/var/www/tongbao/` 即可；找不到的地址可返回 `404.html`：

    location /tongbao/ {
        alias /var/www/tongbao/;
        error_page 404 /tongbao/404.html;
    }

## 上传到对象存储（阿里云 OSS、腾讯云 COS 等）

在对象存储中建一个开启“静态网站托管”的存储桶，默认首页设为 `index.html`、默认 404 页设为 `404.html`，
然后用该云服务的命令行工具同步整个文件夹，例如：

    ossutil cp -r -u public/ oss://存储桶名/           # 阿里云 OSS
    coscli sync -r public/ cos://存储桶名/             # 腾讯云 COS

## 自动发布

`.github/workflows/publish.yml` 在每次推送后检查并构建网站；在仓库的 Secrets 中填好
`DEPLOY_HOST`、`DEPLOY_USER`、`DEPLOY_PATH` 和 `DEPLOY_KEY`（SSH 私钥）后，它用 rsync 上传。
使用其他代码托管平台时，照样执行上面“每次发布之前”和“上传”两步即可。

## 网站标识

政府网站的页脚应有主办单位、联系方式、ICP备案号、公安备案号和网站标识码：在 `data/site.yaml`
的 `identity:` 中填写，填好后把 `example` 改为 `false`。
";
